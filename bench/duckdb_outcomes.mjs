// The report's KPIs as DuckDB computes them, for bench/compare_duckdb.sh: the peer's query in
// ../shared/peers (FCR, CSAT, NPS, CES, AHT, ASA, service level, abandonment) extended with
// the contact-outcome keys of docs/kpis.md ("Contact outcomes", standard profile), so that
// both tools do the same work. Per-group FCR differs from cskpi's for the SQL reasons
// docs/kpis.md gives ("Where cskpi differs from the DuckDB peer"). Canonical NDJSON in, {"groups": [...]} out with the report's
// key names. usage: node duckdb_outcomes.mjs FILE GROUP_COLUMN
import { DuckDBInstance } from '@duckdb/node-api';

const [file, by] = process.argv.slice(2);
if (!file || !/^(agent_id|queue|channel|team|customer_id)$/.test(by || '')) {
  console.error('usage: duckdb_outcomes.mjs FILE agent_id|queue|channel|team|customer_id');
  process.exit(2);
}
const columns = `{id:'VARCHAR',customer_id:'VARCHAR',case_id:'VARCHAR',agent_id:'VARCHAR',
  queue:'VARCHAR',team:'VARCHAR',channel:'VARCHAR',direction:'VARCHAR',started_at:'TIMESTAMPTZ',
  wait_seconds:'DOUBLE',talk_seconds:'DOUBLE',hold_seconds:'DOUBLE',wrap_seconds:'DOUBLE',
  handle_seconds:'DOUBLE',abandoned:'BOOLEAN',callback_requested:'BOOLEAN',flowed_out:'BOOLEAN',
  handled:'BOOLEAN',transfer:'VARCHAR',origin:'VARCHAR',resolved:'BOOLEAN',csat:'INTEGER',
  nps:'INTEGER',ces:'INTEGER'}`;

// One row per record with its outcome flags; then one aggregate per group.
const sql = `
with r as (
  select *,
    coalesce(abandoned, false) as ab,
    coalesce(handled, not (coalesce(abandoned, false) or coalesce(flowed_out, false)
                           or coalesce(callback_requested, false))) as hd,
    wait_seconds is not null as q,
    case when handle_seconds is not null then handle_seconds
         when talk_seconds is null and hold_seconds is null and wrap_seconds is null then null
         else coalesce(talk_seconds, 0) + coalesce(hold_seconds, 0) + coalesce(wrap_seconds, 0)
    end as handle
  from read_json('${file.replace(/'/g, "''")}', format='newline_delimited', columns=${columns})),
cases as (  -- FCR mode case: a case's first handled contact decides its group
  select coalesce(case_id, '#' || id) as k, count(*) as n_handled,
         arg_min(${by}, (started_at, id)) as grp,
         arg_min(coalesce(resolved, false), (started_at, id)) as first_resolved
  from r where hd group by k having count(resolved) > 0),
fcr as (select grp, count(*) as fcr_den, count(*) filter (where n_handled = 1 and first_resolved)
        as fcr_num from cases group by grp),
k as (
select ${by} as grp,
  count(*) as contacts,
  count(*) filter (where hd) as handled,
  count(csat) as csat_n, count(*) filter (where csat >= 4) as csat_ok,
  avg(handle) filter (where hd) as aht, count(handle) filter (where hd) as aht_n,
  avg(wait_seconds) filter (where q and hd) as asa,
  count(*) filter (where q and hd) as answered,
  count(*) filter (where q and hd and wait_seconds <= 20) as sl_ok,
  count(*) filter (where q and ab and wait_seconds > 5) as long_ab,
  count(*) filter (where q and ab and wait_seconds <= 5) as short_ab,
  count(*) filter (where q) as queued,
  count(*) filter (where q and ab) as abandoned,
  count(*) filter (where q and ab and wait_seconds <= 20) as abandoned_within_target,
  count(*) filter (where q and coalesce(callback_requested, false)) as callback_requests,
  count(*) filter (where q and coalesce(flowed_out, false)) as flowed_out,
  count(*) filter (where coalesce(transfer, 'none') <> 'none') as transferred_out,
  count(*) filter (where origin = 'transfer') as transferred_in,
  count(*) filter (where origin = 'callback') as callbacks,
  count(*) filter (where hd and direction = 'outbound' and coalesce(origin, '') <> 'callback')
    as outbound_handled,
  count(*) filter (where hd and hold_seconds > 0) as held,
  max(wait_seconds) as max_wait,
  avg(wait_seconds) filter (where q and ab) as abandon_time, 
  avg(talk_seconds) filter (where hd) as talk, count(talk_seconds) filter (where hd) as talk_n,
  avg(hold_seconds) filter (where hd) as hold, count(hold_seconds) filter (where hd) as hold_n,
  avg(wrap_seconds) filter (where hd) as acw, count(wrap_seconds) filter (where hd) as acw_n,
  count(*) filter (where hd and (csat is not null or nps is not null or ces is not null))
    as surveyed,
  count(nps) as nps_n, count(*) filter (where nps >= 9) as promoters,
  count(*) filter (where nps <= 6) as detractors, avg(ces) as ces_mean, count(ces) as ces_n
from r group by all)
select k.*, fcr.fcr_num, fcr.fcr_den from k left join fcr using (grp) order by grp`;

const instance = await DuckDBInstance.create(':memory:');
const connection = await instance.connect();
const rows = (await connection.runAndReadAll(sql)).getRowObjectsJS();
const n = (x) => (x === null || x === undefined ? 0 : Number(x));
const share = (a, b) => ({ numerator: n(a), denominator: n(b) });
const mean = (value, count) => ({ value, count: n(count) });
const kpis = (r) => ({
  contacts: n(r.contacts), handled: n(r.handled),
  csat: share(r.csat_ok, r.csat_n),
  fcr: share(r.fcr_num, r.fcr_den),
  nps: { promoters: n(r.promoters), detractors: n(r.detractors), responses: n(r.nps_n) },
  ces: mean(r.ces_mean, r.ces_n),
  aht_seconds: mean(r.aht, r.aht_n), asa_seconds: mean(r.asa, r.answered),
  service_level: share(r.sl_ok, n(r.answered) + n(r.long_ab)),
  abandonment_rate: share(r.long_ab, n(r.queued) - n(r.short_ab)),
  queued: n(r.queued), answered: n(r.answered), abandoned: n(r.abandoned),
  short_abandoned: n(r.short_ab), abandoned_within_target: n(r.abandoned_within_target),
  callback_requests: n(r.callback_requests), flowed_out: n(r.flowed_out),
  transferred_out: n(r.transferred_out), transferred_in: n(r.transferred_in),
  callbacks: n(r.callbacks), outbound_handled: n(r.outbound_handled), held: n(r.held),
  max_wait_seconds: r.max_wait,
  abandon_time_seconds: mean(r.abandon_time, r.abandoned),
  talk_seconds: mean(r.talk, r.talk_n), hold_seconds: mean(r.hold, r.hold_n),
  acw_seconds: mean(r.acw, r.acw_n),
  survey_response_rate: share(r.surveyed, r.handled),
});
console.log(JSON.stringify({ groups: rows.map((r) => ({ key: { [by]: r.grp }, kpis: kpis(r) })) }));
