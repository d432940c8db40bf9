// Uses the installed cskpi exactly as an application would.
#include <cskpi/cskpi.hpp>

#include <cstdio>

int main() {
    const cskpi::Rate fcr = cskpi::fcr(850, 1000);
    std::printf("cskpi %s: FCR %.2f%%\n", cskpi::version_string, *fcr.value);
    return fcr.value && *fcr.value == 85.0 ? 0 : 1;
}
