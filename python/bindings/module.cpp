// The extension module _cskpi, the compiled half of the Python package cskpi (python/cskpi).

#include <pybind11/stl.h>

#include "bindings.hpp"
#include "cskpi/error.hpp"
#include "cskpi/json/reader.hpp"
#include "errors.hpp"

namespace cskpi::python {
namespace {

namespace py = pybind11;

// cskpi's errors as the package's exception classes (cskpi/_errors.py), keeping the message:
// file, line, field and code where the error has them.
void translate(std::exception_ptr thrown) {
    const auto raise = [](const char* name, const py::tuple& args) {
        const py::object type = py::module_::import("cskpi._errors").attr(name);
        PyErr_SetObject(type.ptr(), type(*args).ptr());
    };
    try {
        std::rethrow_exception(thrown);
    } catch (const json::RecordRejected& e) {
        const InputError& error = e.error();
        raise("RecordRejected", py::make_tuple(e.what(), error.file, error.line, error.index,
                                               error.field, error.code));
    } catch (const cli::UsageError& e) {
        raise("UsageError", py::make_tuple(e.what()));
    } catch (const InvalidArgument& e) {
        raise("UsageError", py::make_tuple(e.what()));
    } catch (const cli::RunError& e) {
        raise("Error", py::make_tuple(e.what()));
    } catch (const Error& e) {
        raise("Error", py::make_tuple(e.what()));
    }
}

}  // namespace
}  // namespace cskpi::python

namespace py = pybind11;

PYBIND11_MODULE(_cskpi, m) {
    m.doc() = "cskpi's C++ library: see the package cskpi for the documented interface.";
    py::register_exception_translator(&cskpi::python::translate);
    cskpi::python::bind_formulas(m);
    cskpi::python::bind_report(m);
    cskpi::python::bind_retention(m);
    cskpi::python::bind_rfm(m);
    cskpi::python::bind_clv_models(m);
}
