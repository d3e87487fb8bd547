/**
 * Examples of the typed client, one per use: programs, eligibility, calculations and plans.
 * Run against a server: `node clients/typescript/dist/examples/examples.js http://127.0.0.1:8080`.
 */
import { hojokin, type Hojokin } from "../src/index.js";

/** Programs in force at a date for a hospital in 東京都. */
export async function programsInTokyo(api: Hojokin) {
  const list = await api.programs({ prefecture: "13", facility_type: "hospital", as_of: "2025-12-25", limit: 100 });
  return list.items.map((p) => `${p.program_id}: ${p.name.ja}`);
}

/** Which programs a 250-bed hospital can get, as a portal's result list. */
export async function eligibilityList(api: Hojokin) {
  const answer = await api.eligibility({
    as_of: "2025-12-25",
    facility: { facility_type: "hospital", beds: 250, prefecture: "13", introduced: ["online_eligibility"] },
    detail: "list",
  });
  return answer.results.map((r) => ({ id: r.program_id, verdict: r.verdict, max: r.max_subsidy_yen ?? null }));
}

/** The exact subsidy of 電子カルテ情報共有 for ¥20,000,000 of standardisation work. */
export async function calculation(api: Hojokin) {
  const c = await api.calculate({
    program_id: "denshi-karte-kyoyu",
    frame_id: "3bunsho-daikibo",
    as_of: "2025-12-25",
    facility: {
      facility_type: "hospital", beds: 250, operator_type: "medical_corporation",
      introduced: ["online_eligibility", "e_prescription", "health_checkup_system"], previous_grants: [],
    },
    expenses: [{ category: "ehr_standardization", amount_yen: 20_000_000 }],
  });
  return { subsidy: c.subsidy_yen, steps: c.breakdown.map((s) => s.text.ja) };
}

/** A funding plan for two purchases. */
export async function plan(api: Hojokin) {
  const p = await api.plan({
    as_of: "2025-06-01",
    facility: {
      facility_type: "hospital", beds: 150, operator_type: "medical_corporation", prefecture: "31",
      introduced: ["online_eligibility", "health_checkup_system"], intends: [], previous_grants: [],
    },
    purchases: [
      { id: "eprescription", category: "software", amount_yen: 4_059_000, introduces: "e_prescription" },
      { id: "karte-fhir", category: "ehr_standardization", amount_yen: 9_000_000 },
    ],
  });
  return { total: p.total_subsidy_yen, status: p.solver.status };
}

const base = process.argv[2];
if (base && import.meta.url === `file://${process.argv[1]}`) {
  const api = hojokin(base);
  console.log(await programsInTokyo(api));
  console.log(await eligibilityList(api));
  console.log(await calculation(api));
  console.log(await plan(api));
}
