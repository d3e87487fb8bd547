import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { hojokin, HojokinError, type Hojokin } from "../src/index.js";
import { calculation, eligibilityList, plan, programsInTokyo } from "../examples/examples.js";
import { startServer, type Server } from "./server.js";

let server: Server;
let api: Hojokin;

before(async () => {
  server = await startServer();
  api = hojokin(server.base);
});
after(() => server.stop());

test("programs: the list at a date, and one program with its sources", async () => {
  const names = await programsInTokyo(api);
  assert.ok(names.length > 3, names.join("\n"));
  const detail = await api.program("denshi-karte-kyoyu", "2025-12-25");
  assert.equal(detail.program_id, "denshi-karte-kyoyu");
  assert.ok(detail.sources.every((s) => s.url.startsWith("http")));
});

test("eligibility: the list level equals the full answer's verdicts and maxima", async () => {
  const rows = await eligibilityList(api);
  const full = await api.eligibility({
    as_of: "2025-12-25",
    facility: { facility_type: "hospital", beds: 250, prefecture: "13", introduced: ["online_eligibility"] },
  });
  assert.deepEqual(
    rows,
    full.results.map((r) => ({ id: r.program_id, verdict: r.verdict, max: r.max_subsidy_yen ?? null })),
  );
  assert.ok(rows.some((r) => r.verdict === "eligible"));
});

test("calculations: the README's ¥6,579,000 with its steps", async () => {
  const c = await calculation(api);
  assert.equal(c.subsidy, 6_579_000);
  assert.ok(c.steps.length >= 3);
});

test("plans: an optimal plan with a subsidy", async () => {
  const p = await plan(api);
  assert.equal(p.status, "optimal");
  assert.ok(p.total > 0);
});

test("errors come back as typed problems", async () => {
  await assert.rejects(api.program("no-such-program"), (e: unknown) => {
    assert.ok(e instanceof HojokinError);
    assert.equal(e.status, 404);
    assert.equal(e.problem?.code, "program_not_found");
    return true;
  });
  await assert.rejects(
    // A value outside the schema, sent on purpose: the server names the field.
    api.eligibility({ facility: { beds: -1 } }),
    (e: unknown) => e instanceof HojokinError && e.status === 422 && e.problem?.errors?.[0]?.pointer === "/facility/beds",
  );
});

test("vocabulary: every facility type has both labels", async () => {
  const v = await api.vocabulary();
  assert.ok(v.facility_types.every((t) => t.label.ja && t.label.en));
  assert.equal(v.prefectures.length, 47);
});
