/**
 * The checker in a real browser against the real server: verdicts equal the API's, questions
 * answered in place, the English switch, the calculator, framing and CORS from other origins,
 * axe-core, screenshots and the time to first results.
 *
 * Env: HOJOKIN_URL (a server with HOJOKIN_EMBED_ORIGINS and HOJOKIN_CORS_ORIGINS = HOST_ORIGIN),
 * HOST_PORT (free port for the host pages; http://127.0.0.1:PORT is allowed, http://other.test:PORT is not).
 */
import { test, expect, type Page } from "@playwright/test";
import AxeBuilder from "@axe-core/playwright";
import { createServer, type Server } from "node:http";
import { mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";

const API = (process.env.HOJOKIN_URL ?? "").replace(/\/$/, "");
const HOST_PORT = Number(process.env.HOST_PORT ?? 0);
const HOST = `http://127.0.0.1:${HOST_PORT}`;
const OTHER = `http://other.test:${HOST_PORT}`;
const AS_OF = "2025-12-25";
const SHOTS = fileURLToPath(new URL("../../target/screenshots", import.meta.url));

type Facility = Record<string, unknown>;
const PROFILES: { name: string; query: string; facility: Facility }[] = [
  {
    name: "hospital-250-tokyo",
    query: "facility_type=hospital&beds=250&prefecture=13&introduced=online_eligibility,e_prescription",
    facility: { facility_type: "hospital", beds: 250, prefecture: "13", introduced: ["online_eligibility", "e_prescription"] },
  },
  {
    name: "clinic-no-beds",
    query: "facility_type=medical_clinic&beds=0&prefecture=13&operator_type=individual&employees=8",
    facility: { facility_type: "medical_clinic", beds: 0, prefecture: "13", operator_type: "individual", employees: 8 },
  },
  {
    name: "pharmacy",
    query: "facility_type=pharmacy&prefecture=27",
    facility: { facility_type: "pharmacy", prefecture: "27" },
  },
];

async function eligibility(facility: Facility, detail = "list"): Promise<any> {
  const res = await fetch(`${API}/v1/eligibility`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ as_of: AS_OF, facility, detail }),
  });
  expect(res.status).toBe(200);
  return res.json();
}

async function rows(page: Page): Promise<Record<string, string>> {
  await page.locator("hojokin-checker li[data-program-id]").first().waitFor();
  const list = await page.locator("hojokin-checker li[data-program-id]").evaluateAll((els) =>
    els.map((e) => [e.getAttribute("data-program-id"), e.getAttribute("data-verdict")]),
  );
  return Object.fromEntries(list);
}

function verdicts(answer: any): Record<string, string> {
  return Object.fromEntries(answer.results.map((r: any) => [r.program_id, r.verdict]));
}

let host: Server;
test.beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  // Host pages of a portal: one frames the checker, one uses the custom element.
  host = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    const q = url.searchParams.get("q") ?? "";
    let body = "";
    if (url.pathname === "/iframe.html") {
      body = `<!doctype html><html lang="en"><head><title>portal</title></head><body><h1>Portal</h1>
<iframe id="checker" title="hojokin" src="${API}/embed/?${q}" style="width:100%;border:0;height:150px"></iframe>
<script>
window.messages = [];
window.addEventListener("message", (e) => {
  if (e.origin !== ${JSON.stringify(API)}) return;
  window.messages.push(e.data);
  if (e.data && e.data.type === "hojokin:resize") document.getElementById("checker").style.height = e.data.height + "px";
});
</script></body></html>`;
    } else if (url.pathname === "/element.html") {
      body = `<!doctype html><html lang="en"><head><title>portal</title>
<script type="module" src="${API}/embed/hojokin-checker.js"></script>
<style>hojokin-checker { --hc-accent: #6a1b9a; }</style></head><body><h1>Portal</h1>
<hojokin-checker api="${API}" lang="en" as-of="${AS_OF}"></hojokin-checker>
<script>
window.events = [];
document.addEventListener("hojokin:result", (e) => window.events.push(e.detail));
</script></body></html>`;
    } else {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(body);
  });
  await new Promise<void>((ok) => host.listen(HOST_PORT, "127.0.0.1", ok));
});
test.afterAll(() => new Promise<void>((ok) => host.close(() => ok())));

test.describe("no request leaves the service's origin", () => {
  test("the page from the URL alone: first results, every request same-origin", async ({ page }) => {
    const foreign: string[] = [];
    page.on("request", (r) => {
      if (!r.url().startsWith(API)) foreign.push(r.url());
    });
    const start = Date.now();
    await page.goto(`/embed/?facility_type=hospital&beds=250&prefecture=13&as_of=${AS_OF}`);
    await page.locator("hojokin-checker li[data-program-id]").first().waitFor();
    const ms = Date.now() - start;
    const result = await page.evaluate(() => performance.getEntriesByType("navigation")[0]?.duration ?? 0);
    console.log(`time from page load to first results: ${ms} ms (navigation ${Math.round(result)} ms)`);
    expect(foreign).toEqual([]);
  });
});

for (const p of PROFILES) {
  test(`${p.name}: each row's data-verdict equals POST /v1/eligibility`, async ({ page }) => {
    await page.goto(`/embed/?${p.query}&as_of=${AS_OF}`);
    const shown = await rows(page);
    const api = verdicts(await eligibility(p.facility));
    expect(Object.keys(shown).length).toBe(Object.keys(api).length);
    expect(shown).toEqual(api);
    // The maxima too, when known.
    const full = await eligibility(p.facility, "full");
    for (const r of full.results) {
      const attr = await page.locator(`hojokin-checker li[data-program-id="${r.program_id}"]`).getAttribute("data-max-subsidy-yen");
      expect(attr === null ? null : Number(attr)).toBe(r.max_subsidy_yen ?? null);
    }
  });
}

test("nested, object and empty-list fields prefill from the URL as the API reads them", async ({ page }) => {
  const facility = {
    facility_type: "hospital", beds: 250, prefecture: "13", designations: [], introduced: ["online_eligibility"],
    fee_notifications: [{ fee: "base_up_evaluation", notified_on: "2024-06-01" }],
    preparation: { gbizid_prime: true }, it_tool: { processes: 4 },
  };
  await page.goto(`/embed/?facility_type=hospital&beds=250&prefecture=13&designations=&introduced=online_eligibility` +
    `&fee_notifications=base_up_evaluation:2024-06-01&preparation.gbizid_prime=true&it_tool.processes=4&as_of=${AS_OF}`);
  expect(await rows(page)).toEqual(verdicts(await eligibility(facility)));
});

test("the programs filter shows exactly those programs", async ({ page }) => {
  await page.goto(`/embed/?programs=denshi-shohosen,denshi-karte-kyoyu&facility_type=pharmacy&prefecture=27&as_of=${AS_OF}`);
  expect(Object.keys(await rows(page)).sort()).toEqual(["denshi-karte-kyoyu", "denshi-shohosen"]);
});

test("a question answered in place changes the verdict as the API does", async ({ page }) => {
  // A clinic in 東京都 that has not said which systems it runs: 東京都's programme needs the answer.
  const facility = { facility_type: "medical_clinic", beds: 0, prefecture: "13" };
  await page.goto(`/embed/?facility_type=medical_clinic&beds=0&prefecture=13&as_of=${AS_OF}`);
  await rows(page);
  const before = verdicts(await eligibility(facility));
  const completed = { ...facility, introduced: ["online_eligibility"] };
  const after = verdicts(await eligibility(completed));
  const changed = Object.keys(after).find((id) => after[id] !== before[id]);
  expect(changed, "answering /facility/introduced changes some verdict").toBeTruthy();
  await page.locator(`hojokin-checker [data-open="${changed}"]`).click();
  const question = page.locator('hojokin-checker form.q[data-question="/facility/introduced"]');
  await question.waitFor();
  await question.getByLabel("オンライン資格確認", { exact: true }).check();
  await question.getByRole("button").click();
  await expect(page.locator("hojokin-checker section.program")).toHaveAttribute("data-verdict", after[changed as string] as string);
  await page.locator("hojokin-checker #hc-back").click();
  // Every row follows the completed profile, and the other inputs were kept.
  await expect.poll(() => rows(page)).toEqual(after);
});

test("the English switch", async ({ page }) => {
  await page.goto(`/embed/?facility_type=pharmacy&prefecture=27&as_of=${AS_OF}`);
  await rows(page);
  const checker = page.locator("hojokin-checker");
  await expect(checker.locator("h1")).toHaveText("医療DX 補助金チェッカー");
  await expect(checker.locator(".badge").first()).toHaveText(/対象|対象外|要確認/);
  await checker.getByRole("button", { name: "Switch to English" }).click();
  await expect(checker.locator("h1")).toHaveText("Medical-DX subsidy checker");
  await expect(checker.locator(".badge").first()).toHaveText(/Eligible|Not eligible|To confirm/);
  await expect(checker.locator("div.hc")).toHaveAttribute("lang", "en");
  await page.goto(`/embed/?facility_type=pharmacy&prefecture=27&as_of=${AS_OF}&lang=en`);
  await expect(checker.locator("h1")).toHaveText("Medical-DX subsidy checker");
  await expect(checker.locator("#hc-results")).toContainText("25 December 2025");
});

test("the calculator's amount equals POST /v1/calculations", async ({ page }) => {
  const facility = {
    facility_type: "hospital", beds: 250, operator_type: "medical_corporation",
    introduced: ["online_eligibility", "e_prescription", "health_checkup_system"], previous_grants: [],
  };
  await page.goto(`/embed/?facility_type=hospital&beds=250&operator_type=medical_corporation&introduced=online_eligibility,e_prescription,health_checkup_system&previous_grants=&as_of=${AS_OF}`);
  await rows(page);
  await page.locator('hojokin-checker [data-open="denshi-karte-kyoyu"]').click();
  const calc = page.locator("hojokin-checker form.calc");
  await calc.locator("select[data-calc-frame]").selectOption("3bunsho-daikibo");
  await calc.locator('select[data-part="category"]').selectOption("ehr_standardization");
  await calc.locator('input[data-part="amount"]').fill("20000000");
  await calc.getByRole("button", { name: "計算する" }).click();
  const total = calc.locator("[data-subsidy-yen]");
  await total.waitFor();
  const res = await fetch(`${API}/v1/calculations`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ program_id: "denshi-karte-kyoyu", frame_id: "3bunsho-daikibo", as_of: AS_OF, facility,
      expenses: [{ category: "ehr_standardization", amount_yen: 20000000 }] }),
  });
  const api = await res.json();
  expect(Number(await total.getAttribute("data-subsidy-yen"))).toBe(api.subsidy_yen);
  await expect(total).toHaveText(`¥${api.subsidy_yen.toLocaleString("en-US")}`);
  await expect(calc.locator("ol.breakdown li")).toHaveCount(api.breakdown.length);
  await expect(calc.locator("ol.breakdown li a.src").first()).toHaveAttribute("href", /^https?:\/\//);
});

test("framed by an allowed origin, the iframe resizes through its message", async ({ page }) => {
  await page.goto(`${HOST}/iframe.html?q=${encodeURIComponent(`facility_type=pharmacy&prefecture=27&as_of=${AS_OF}`)}`);
  const frame = page.frameLocator("#checker");
  await frame.locator("hojokin-checker li[data-program-id]").first().waitFor();
  await expect.poll(() => page.evaluate(() => (window as any).messages.map((m: any) => m.type))).toContain("hojokin:result");
  await expect.poll(() => page.evaluate(() => document.getElementById("checker")!.getBoundingClientRect().height)).toBeGreaterThan(400);
  const result = await page.evaluate(() => (window as any).messages.find((m: any) => m.type === "hojokin:result"));
  expect(result.results.length).toBeGreaterThan(3);
});

test("a host not in HOJOKIN_EMBED_ORIGINS cannot frame it", async ({ page }) => {
  const blocked: string[] = [];
  page.on("console", (m) => blocked.push(m.text()));
  await page.goto(`${OTHER}/iframe.html?q=${encodeURIComponent("facility_type=pharmacy")}`);
  await page.waitForTimeout(1500);
  const frame = page.frames().find((f) => f.url().startsWith(API));
  const rendered = frame ? await frame.locator("hojokin-checker").count().catch(() => 0) : 0;
  expect(rendered).toBe(0);
  expect(await page.evaluate(() => (window as any).messages.length)).toBe(0);
  expect(blocked.some((t) => t.includes("frame-ancestors")), blocked.join("\n")).toBe(true);
});

test("the custom element on another origin's page, with CORS allowing it", async ({ page }) => {
  const foreign: string[] = [];
  page.on("request", (r) => {
    if (!r.url().startsWith(API) && !r.url().startsWith(HOST)) foreign.push(r.url());
  });
  await page.goto(`${HOST}/element.html`);
  const checker = page.locator("hojokin-checker");
  await expect(checker.locator("h1")).toHaveText("Medical-DX subsidy checker");
  await checker.locator("select[data-path=facility_type]").selectOption("pharmacy");
  await checker.locator("select[data-path=prefecture]").selectOption("27");
  await checker.getByRole("button", { name: "Check", exact: true }).click();
  const shown = await rows(page);
  expect(shown).toEqual(verdicts(await eligibility({ facility_type: "pharmacy", prefecture: "27" })));
  const events = await page.evaluate(() => (window as any).events);
  expect(events.length).toBe(1);
  expect(foreign).toEqual([]);
  // The host's colour reaches the shadow root through the custom property.
  const bg = await checker.locator("button.primary").evaluate((b) => getComputedStyle(b).backgroundColor);
  expect(bg).toBe("rgb(106, 27, 154)");
});

async function axe(page: Page, what: string) {
  const result = await new AxeBuilder({ page }).include("hojokin-checker").analyze();
  const bad = result.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(bad.map((v) => `${what}: ${v.id} ${v.help} ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
}

for (const lang of ["ja", "en"] as const) {
  for (const width of [360, 1280]) {
    test(`axe-core and screenshots, ${lang}, ${width} px`, async ({ page }) => {
      await page.setViewportSize({ width, height: 900 });
      const shot = (name: string) => page.screenshot({ path: `${SHOTS}/${name}-${lang}-${width}.png`, fullPage: true });
      await page.goto(`/embed/?lang=${lang}&as_of=${AS_OF}`);
      await page.locator("hojokin-checker form.facility").waitFor();
      await axe(page, `form ${lang}`);
      await shot("form");
      await page.goto(`/embed/?lang=${lang}&as_of=${AS_OF}&facility_type=hospital&beds=250&prefecture=13&introduced=online_eligibility`);
      await rows(page);
      await axe(page, `results ${lang}`);
      await page.locator("hojokin-checker #hc-results").scrollIntoViewIfNeeded();
      await shot("results");
      // The README's picture (docs/embed-results.png): the first screen of the results.
      if (lang === "ja" && width === 1280) await page.screenshot({ path: `${SHOTS}/readme-results-ja-1280.png` });
      await page.locator('hojokin-checker [data-open="denshi-karte-kyoyu"]').click();
      await page.locator("hojokin-checker section.program").waitFor();
      const calc = page.locator("hojokin-checker form.calc");
      await calc.locator('input[data-part="amount"]').fill("9000000");
      await calc.locator("button[type=submit]").click();
      await calc.locator(".result").waitFor();
      await axe(page, `program ${lang}`);
      await shot("program");
    });
  }
}

test("the whole flow by keyboard", async ({ page }) => {
  await page.goto(`/embed/?as_of=${AS_OF}`);
  const checker = page.locator("hojokin-checker");
  await checker.locator("form.facility").waitFor();
  await page.keyboard.press("Tab"); // the language switch comes first
  await expect(checker.locator("button.lang")).toBeFocused();
  await page.keyboard.press("Tab");
  await expect(checker.locator("select[data-path=facility_type]")).toBeFocused();
  await checker.locator("select[data-path=facility_type]").selectOption("pharmacy");
  await checker.getByRole("button", { name: "判定する" }).focus();
  await page.keyboard.press("Enter");
  await rows(page);
  await expect(checker.locator("#hc-results")).toBeFocused();
  const first = checker.locator("[data-open]").first();
  await first.focus();
  // The focus ring is visible.
  const outline = await first.evaluate((b) => getComputedStyle(b).outlineStyle);
  expect(outline).not.toBe("none");
  await page.keyboard.press("Enter");
  await expect(checker.locator("#hc-program")).toBeFocused();
  await checker.locator("#hc-back").focus();
  await page.keyboard.press("Enter");
  await expect(first).toBeFocused();
});
