/**
 * `<hojokin-checker>`: the facility form, the result list, one program opened with its reasons,
 * questions, calculator and prerequisites. The same element is the `/embed/` page (framed by
 * portals) and the custom element portals put on their own pages.
 */
import { hojokin, type Hojokin, type Schemas } from "../../clients/typescript/src/index.js";
import css from "./checker.css";

type Lang = "ja" | "en";
type Text = { ja: string; en: string };
type Profile = Record<string, unknown>;
type Field =
  | { kind: "enum"; of: string }
  | { kind: "enums"; of: string }
  | { kind: "objects"; of: string; key: string | null }
  | { kind: "int"; min: number; max: number }
  | { kind: "bool" }
  | { kind: "date" }
  | { kind: "text" };
type ListResult = Schemas["ProgramEligibility"] & { status_reason?: Text | null };

declare const __FIELDS__: Record<string, Field>;
/** The facility fields of the contract (`FacilityProfile`), by path (`it_tool/processes`). */
const FIELDS: Record<string, Field> = __FIELDS__;

const UI = {
  title: { ja: "医療DX 補助金チェッカー", en: "Medical-DX subsidy checker" },
  switchTo: { ja: "English", en: "日本語" },
  switchLabel: { ja: "Switch to English", en: "日本語に切り替え" },
  facility: { ja: "施設について", en: "Your facility" },
  change: { ja: "条件を変更", en: "change" },
  check: { ja: "判定する", en: "Check" },
  more: { ja: "詳しい項目 (任意)", en: "More details (optional)" },
  unknown: { ja: "未回答", en: "not answered" },
  none: { ja: "該当なし", en: "none" },
  yes: { ja: "はい", en: "yes" },
  no: { ja: "いいえ", en: "no" },
  results: { ja: "判定結果", en: "Results" },
  asOf: { ja: "基準日", en: "As of" },
  max: { ja: "最大", en: "up to" },
  deadline: { ja: "締切", en: "deadline" },
  window: { ja: "受付状況: ", en: "" },
  open: { ja: "詳しく見る", en: "Details" },
  back: { ja: "← 結果一覧に戻る", en: "← Back to the results" },
  frames: { ja: "枠ごとの判定", en: "Verdict by frame" },
  questions: { ja: "判定に必要な質問", en: "Questions that settle the verdict" },
  answer: { ja: "回答して再判定", en: "Answer and re-check" },
  calc: { ja: "補助額の計算", en: "Subsidy calculator" },
  frame: { ja: "枠", en: "Frame" },
  category: { ja: "経費の種類", en: "Expense category" },
  amount: { ja: "金額 (税抜・円)", en: "Amount (yen, before tax)" },
  addLine: { ja: "経費を追加", en: "Add a line" },
  removeLine: { ja: "削除", en: "Remove" },
  compute: { ja: "計算する", en: "Calculate" },
  subsidy: { ja: "補助額", en: "Subsidy" },
  steps: { ja: "計算の内訳", en: "Breakdown" },
  notes: { ja: "注意", en: "Notes" },
  prereq: { ja: "進める順番", en: "Steps, in order" },
  prep: { ja: "申請の準備", en: "Preparation" },
  source: { ja: "出典", en: "source" },
  loading: { ja: "読み込み中…", en: "Loading…" },
  error: { ja: "エラー", en: "Error" },
  counts: { ja: "対象 {e} ・ 要確認 {u} ・ 対象外 {n}", en: "eligible {e} · to confirm {u} · not eligible {n}" },
  noAmount: { ja: "金額は公表されていません", en: "no published amount" },
  notifiedOn: { ja: "届出日", en: "notified on" },
  state: { ja: "状態", en: "state" },
} satisfies Record<string, Text>;

const VERDICT: Record<string, Text> = {
  eligible: { ja: "対象", en: "Eligible" },
  not_eligible: { ja: "対象外", en: "Not eligible" },
  undetermined: { ja: "要確認", en: "To confirm" },
};
const CRITERION: Record<string, Text> = {
  met: { ja: "充足", en: "met" },
  not_met: { ja: "未充足", en: "not met" },
  unknown: { ja: "不明", en: "unknown" },
};
const STATE: Record<string, Text> = {
  missing: { ja: "未導入", en: "not in operation" },
  unknown: { ja: "不明", en: "unknown" },
  done: { ja: "済", en: "done" },
  not_done: { ja: "未", en: "not done" },
};
/** Form labels of the main fields (the others come from the vocabulary's number fields). */
const LABEL: Record<string, Text> = {
  facility_type: { ja: "施設の種別", en: "Facility type" },
  beds: { ja: "許可病床数", en: "Licensed beds" },
  prefecture: { ja: "都道府県", en: "Prefecture" },
  operator_type: { ja: "開設者", en: "Operator" },
  employees: { ja: "常時使用する従業員数", en: "Regular employees" },
  capital_yen: { ja: "資本金 (円)", en: "Capital (yen)" },
  introduced: { ja: "導入済みのシステム", en: "Systems in operation" },
  intends: { ja: "導入予定のシステム", en: "Systems you will introduce" },
  fee_notifications: { ja: "診療報酬の届出", en: "Fee notifications" },
  designations: { ja: "指定", en: "Designations" },
  services: { ja: "実施しているサービス", en: "Services provided" },
  large_chain_pharmacy: { ja: "大規模チェーン薬局", en: "Large pharmacy chain" },
};
const MAIN = ["facility_type", "beds", "prefecture", "operator_type", "employees", "capital_yen"];
const GROUPS = ["introduced", "intends", "fee_notifications", "designations", "services"];
/** Which vocabulary list labels each enum of the contract. */
const VOCAB: Record<string, keyof Schemas["Vocabulary"]> = {
  FacilityType: "facility_types",
  OperatorType: "operator_types",
  PrefectureInput: "prefectures",
  System: "systems",
  Designation: "designations",
  Service: "services",
  Fee: "fees",
  FeeNotification: "fees",
  IncidentKind: "incident_kinds",
  MinWageBasis: "min_wage_bases",
  WorkStyleGoal: "work_style_goals",
};

type Child = Node | string | null | undefined | false;
function h(tag: string, attrs: Record<string, string | number | boolean | undefined | null> = {}, ...children: (Child | Child[])[]): HTMLElement {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    el.setAttribute(k, v === true ? "" : String(v));
  }
  for (const c of children.flat()) if (c !== null && c !== undefined && c !== false) el.append(c);
  return el;
}

function getPath(p: Profile, path: string): unknown {
  let cur: unknown = p;
  for (const k of path.split("/")) cur = cur && typeof cur === "object" ? (cur as Profile)[k] : undefined;
  return cur;
}
function setPath(p: Profile, path: string, value: unknown): void {
  const keys = path.split("/");
  let cur = p;
  keys.slice(0, -1).forEach((k) => {
    if (!cur[k] || typeof cur[k] !== "object") cur[k] = {};
    cur = cur[k] as Profile;
  });
  const last = keys[keys.length - 1] as string;
  if (value === undefined) delete cur[last];
  else cur[last] = value;
}

let uid = 0;

export class HojokinChecker extends HTMLElement {
  static observedAttributes = ["lang", "as-of", "programs", "api"];
  private root: ShadowRoot;
  private client!: Hojokin;
  private vocab: Schemas["Vocabulary"] | null = null;
  private profile: Profile = {};
  private list: Schemas["EligibilityResponse"] | null = null;
  private opened: string | null = null;
  private detail: { full: Schemas["EligibilityResponse"]; program: Schemas["ProgramDetail"] } | null = null;
  private calc: Schemas["CalculationResponse"] | null = null;
  private lines: { category: string; amount: number | null }[] = [{ category: "", amount: null }];
  private calcFrame = "";
  private error = "";
  private busy = false;
  private prefilled = false;
  private formOpen = false;
  private started = 0;
  private lastHeight = 0;

  constructor() {
    super();
    this.root = this.attachShadow({ mode: "open" });
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
    this.root.adoptedStyleSheets = [sheet];
  }

  get lang(): Lang {
    return this.getAttribute("lang") === "en" ? "en" : "ja";
  }
  private t(x: Text | undefined | null): string {
    return x ? x[this.lang] : "";
  }
  private asOf(): string | undefined {
    return this.getAttribute("as-of") || undefined;
  }

  connectedCallback(): void {
    this.started = performance.now();
    const base = this.getAttribute("api") || new URL(import.meta.url).origin;
    this.client = hojokin(base);
    if (this.hasAttribute("url-state")) this.readUrl();
    new ResizeObserver(() => this.resized()).observe(this);
    this.render();
    const vocab = this.client.vocabulary();
    const first = this.prefilled ? this.fetchList() : Promise.resolve();
    vocab
      .then((v) => {
        this.vocab = v;
        this.render();
      })
      .catch((e) => this.fail(e));
    void first;
  }

  attributeChangedCallback(name: string, old: string | null, now: string | null): void {
    if (!this.client || old === now) return;
    if (name === "lang") {
      this.render();
      return;
    }
    if (this.list) void this.fetchList();
  }

  /** Prefill from the page's query string: facility fields by API name, lists comma-separated. */
  private readUrl(): void {
    const q = new URLSearchParams(location.search);
    for (const [key, raw] of q) {
      const value = raw.trim();
      if (key === "lang" && (value === "ja" || value === "en")) this.setAttribute("lang", value);
      else if (key === "as_of") this.setAttribute("as-of", value);
      else if (key === "programs") this.setAttribute("programs", value);
      else if (key === "program") this.opened = value;
      else {
        const path = key.replace(/\./g, "/");
        const f = FIELDS[path];
        if (!f) continue;
        const v = this.parseValue(f, value);
        if (v !== undefined) {
          setPath(this.profile, path, v);
          this.prefilled = true;
        }
      }
    }
  }

  private parseValue(f: Field, value: string): unknown {
    const list = value === "" ? [] : value.split(",").map((s) => s.trim()).filter(Boolean);
    switch (f.kind) {
      case "int":
        return /^\d+$/.test(value) ? Number(value) : undefined;
      case "bool":
        return value === "true" ? true : value === "false" ? false : undefined;
      case "enums":
        return list;
      case "objects":
        // `fee_notifications=base_up_evaluation:2024-06-01`, `previous_grants=denshi-shohosen`.
        return list.map((item) => {
          const [k, d] = item.split(":");
          const o: Profile = { [f.key ?? "value"]: k };
          if (d && f.of === "FeeNotification") o.notified_on = d;
          return o;
        });
      default:
        return value === "" ? undefined : value;
    }
  }

  private request(extra: Partial<Schemas["EligibilityRequest"]>): Schemas["EligibilityRequest"] {
    const programs = this.getAttribute("programs");
    return {
      as_of: this.asOf(),
      facility: this.profile as Schemas["FacilityProfile"],
      ...(programs ? { programs: programs.split(",").map((s) => s.trim()).filter(Boolean) } : {}),
      ...extra,
    };
  }

  private async fetchList(): Promise<void> {
    this.busy = true;
    this.error = "";
    this.render();
    try {
      const [list] = await Promise.all([
        this.client.eligibility(this.request({ detail: "list" })),
        this.opened ? this.fetchProgram(this.opened) : Promise.resolve(),
      ]);
      this.list = list;
      this.busy = false;
      this.render();
      this.emit("hojokin:result", {
        as_of: list.as_of,
        results: list.results.map((r) => ({
          program_id: r.program_id,
          verdict: r.verdict,
          status: r.status,
          max_subsidy_yen: r.max_subsidy_yen ?? null,
        })),
        ms: Math.round(performance.now() - this.started),
      });
    } catch (e) {
      this.fail(e);
    }
  }

  private async fetchProgram(id: string): Promise<void> {
    const [full, program] = await Promise.all([
      this.client.eligibility({ ...this.request({ detail: "full" }), programs: [id] }),
      this.client.program(id, this.asOf()),
    ]);
    this.detail = { full, program };
    const frames = full.results[0]?.frames ?? [];
    if (!frames.some((f) => f.frame_id === this.calcFrame)) {
      const best = frames.find((f) => f.verdict === "eligible") ?? frames.find((f) => f.verdict !== "not_eligible") ?? frames[0];
      this.calcFrame = best?.frame_id ?? "";
      this.calc = null;
    }
  }

  private fail(e: unknown): void {
    this.busy = false;
    this.error = e instanceof Error ? e.message : String(e);
    this.render();
  }

  private emit(type: string, detail: Record<string, unknown>): void {
    this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
    if (!this.hasAttribute("frame-messages") || window.parent === window) return;
    const meta = document.querySelector('meta[name="hojokin-embed-origins"]')?.getAttribute("content") ?? "";
    const origins = meta.split(/\s+/).filter(Boolean);
    const message = { type, ...detail };
    // Only the allowed parents: the browser delivers a message only when its target origin
    // is the parent's, so posting to each allowed origin reaches exactly the allowed one.
    if (origins.includes("*")) window.parent.postMessage(message, "*");
    else for (const o of origins) window.parent.postMessage(message, o);
  }

  private resized(): void {
    const height = Math.ceil(
      this.hasAttribute("frame-messages") ? document.documentElement.scrollHeight : this.getBoundingClientRect().height,
    );
    if (height === this.lastHeight) return;
    this.lastHeight = height;
    this.emit("hojokin:resize", { height });
  }

  // ---------- formatting ----------
  private yen(n: number | null | undefined): string {
    return n === null || n === undefined ? "—" : `¥${n.toLocaleString("en-US")}`;
  }
  private date(iso: string | null | undefined): string {
    if (!iso) return "";
    const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
    if (!m) return iso;
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    if (this.lang === "ja") return `${y}年${mo}月${d}日`;
    const months = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
    return `${d} ${months[mo - 1]} ${y}`;
  }
  private labelOf(of: string, value: string): string {
    const key = VOCAB[of];
    const list = (key && this.vocab ? (this.vocab[key] as unknown[]) : []) as { value?: string; code?: string; label?: Text; name?: Text }[];
    const term = list.find((t) => (t.value ?? t.code) === value);
    return term ? this.t(term.label ?? term.name) : value;
  }
  private terms(of: string): { value: string; label: string }[] {
    const key = VOCAB[of];
    if (!key || !this.vocab) return [];
    return (this.vocab[key] as { value?: string; code?: string; label?: Text; name?: Text }[]).map((t) => ({
      value: (t.value ?? t.code) as string,
      label: this.t(t.label ?? t.name),
    }));
  }
  private fieldLabel(path: string): string {
    const main = LABEL[path];
    if (main) return this.t(main);
    const name = path.split("/").pop() as string;
    const n = this.vocab?.number_fields.find((t) => t.value === path || t.value === name);
    return n ? this.t(n.label) : path.replace(/\//g, " › ").replace(/_/g, " ");
  }
  private sourceLink(program: Schemas["ProgramDetail"] | null | undefined, id: string | null | undefined): HTMLElement | null {
    const s = program?.sources.find((x) => x.id === id);
    if (!s) return null;
    return h("a", { class: "src", href: s.url, target: "_blank", rel: "noopener noreferrer", title: s.title }, `[${this.t(UI.source)}]`);
  }

  // ---------- widgets ----------
  /** One input for a facility field, named by its path; `label` is the visible label. */
  private widget(path: string, label: string): HTMLElement | null {
    const f = FIELDS[path];
    if (!f) return null;
    const id = `hc${++uid}`;
    const value = getPath(this.profile, path);
    const lab = h("label", { for: id }, label);
    switch (f.kind) {
      case "enum": {
        const options = f.of === "SecurityAction" ? ["none", "one_star", "two_star"].map((v) => ({ value: v, label: v })) : this.terms(f.of);
        return h("div", { class: "field" }, lab,
          h("select", { id, "data-path": path, "data-kind": "enum" },
            h("option", { value: "" }, `— ${this.t(UI.unknown)} —`),
            options.map((o) => h("option", { value: o.value, selected: o.value === value }, o.label))));
      }
      case "int":
        return h("div", { class: "field" }, lab,
          h("input", { id, type: "number", inputmode: "numeric", min: f.min, max: f.max, step: 1, "data-path": path, "data-kind": "int", value: typeof value === "number" ? value : undefined }));
      case "date":
        return h("div", { class: "field" }, lab,
          h("input", { id, type: "date", "data-path": path, "data-kind": "date", value: typeof value === "string" ? value : undefined }));
      case "bool":
        return h("div", { class: "field" }, lab,
          h("select", { id, "data-path": path, "data-kind": "bool" },
            h("option", { value: "" }, `— ${this.t(UI.unknown)} —`),
            h("option", { value: "true", selected: value === true }, this.t(UI.yes)),
            h("option", { value: "false", selected: value === false }, this.t(UI.no))));
      case "enums":
      case "objects": {
        const list = Array.isArray(value) ? (value as unknown[]) : null;
        const key = f.kind === "objects" ? f.key ?? "value" : null;
        const chosen = (v: string) => !!list?.some((x) => (key ? (x as Profile)[key] === v : x === v));
        let options = f.kind === "enums" ? this.terms(f.of) : this.terms(f.of);
        if (f.kind === "objects" && f.of === "PreviousGrant") {
          options = (this.list?.results ?? []).map((r) => ({ value: r.program_id, label: this.t(r.name) }));
        }
        const fee = f.kind === "objects" && f.of === "FeeNotification";
        return h("fieldset", { "data-path": path, "data-kind": f.kind, "data-key": key ?? undefined },
          h("legend", {}, label),
          h("div", { class: "checks" },
            options.map((o) => {
              const cid = `hc${++uid}`;
              const on = chosen(o.value);
              const date = fee ? ((list?.find((x) => (x as Profile).fee === o.value) as Profile | undefined)?.notified_on as string | undefined) : undefined;
              return h("span", {},
                h("label", { for: cid }, h("input", { id: cid, type: "checkbox", value: o.value, checked: on }), o.label),
                fee ? h("label", {}, ` ${this.t(UI.notifiedOn)} `, h("input", { type: "date", "data-date-for": o.value, value: date, "aria-label": `${o.label} ${this.t(UI.notifiedOn)}` })) : null);
            }),
            (() => {
              const nid = `hc${++uid}`;
              return h("label", { for: nid }, h("input", { id: nid, type: "checkbox", value: "", "data-none": "1", checked: list !== null && list.length === 0 }), this.t(UI.none));
            })()));
      }
      default:
        return null;
    }
  }

  /** Reads the widgets under `scope` into the profile (empty = unknown). */
  private readWidgets(scope: ParentNode): void {
    scope.querySelectorAll<HTMLElement>("[data-path]").forEach((el) => {
      const path = el.dataset.path as string;
      const kind = el.dataset.kind;
      if (kind === "enums" || kind === "objects") {
        const boxes = [...el.querySelectorAll<HTMLInputElement>("input[type=checkbox]")];
        const picked = boxes.filter((b) => b.checked && !b.dataset.none).map((b) => b.value);
        const none = boxes.some((b) => b.checked && b.dataset.none);
        if (!picked.length && !none) return setPath(this.profile, path, undefined);
        const key = el.dataset.key;
        setPath(this.profile, path, picked.map((v) => {
          if (kind === "enums" || !key) return v;
          const o: Profile = { [key]: v };
          const d = el.querySelector<HTMLInputElement>(`input[data-date-for="${v}"]`)?.value;
          if (d) o.notified_on = d;
          return o;
        }));
        return;
      }
      const v = (el as HTMLInputElement).value.trim();
      if (v === "") return setPath(this.profile, path, undefined);
      if (kind === "int") setPath(this.profile, path, Number(v));
      else if (kind === "bool") setPath(this.profile, path, v === "true");
      else setPath(this.profile, path, v);
    });
  }

  // ---------- views ----------
  private render(): void {
    const focused = this.focusKey();
    const wrap = h("div", { class: "hc", lang: this.lang });
    wrap.append(
      h("header", {},
        h("h1", {}, this.t(UI.title)),
        h("button", { type: "button", class: "lang", lang: this.lang === "ja" ? "en" : "ja", "aria-label": this.t(UI.switchLabel) }, this.t(UI.switchTo))),
    );
    if (this.error) wrap.append(h("p", { class: "err", role: "alert" }, `${this.t(UI.error)}: ${this.error}`));
    if (!this.vocab) {
      wrap.append(h("p", { role: "status" }, this.t(UI.loading)));
    } else if (this.opened && this.detail) {
      wrap.append(this.programView());
    } else {
      wrap.append(this.formView());
    }
    if (!this.opened && this.list) wrap.append(this.listView());
    else if (this.busy && !this.opened) wrap.append(h("p", { role: "status" }, this.t(UI.loading)));
    this.root.replaceChildren(wrap);
    this.wire();
    if (focused) (this.root.querySelector(focused) as HTMLElement | null)?.focus();
  }

  /** A selector that finds the focused control again after a render (ids are not stable). */
  private focusKey(): string | null {
    const el = this.root.activeElement as HTMLElement | null;
    if (!el) return null;
    for (const a of ["data-path", "data-open", "data-calc-frame", "data-add-line", "data-question"]) {
      const v = el.getAttribute(a);
      if (v !== null) return `[${a}="${CSS.escape(v)}"]`;
    }
    if (el.dataset.line) return `[data-line="${el.dataset.line}"][data-part="${el.dataset.part}"]`;
    if (el.classList.contains("lang")) return "button.lang";
    return el.id ? `#${CSS.escape(el.id)}` : null;
  }

  /** The form; once results are shown it folds into a summary line, so that they come first. */
  private formView(): HTMLElement {
    const form = this.formBody();
    if (!this.list) return form;
    const box = h("details", { class: "facility-box", open: this.formOpen },
      h("summary", {}, `${this.t(UI.facility)} — ${this.t(UI.change)}`), form);
    box.addEventListener("toggle", () => (this.formOpen = (box as HTMLDetailsElement).open));
    return box;
  }

  private formBody(): HTMLElement {
    const numbers = (this.vocab?.number_fields ?? []).map((t) => t.value).filter((v) => FIELDS[v] && !MAIN.includes(v));
    return h("form", { class: "facility", novalidate: true },
      h("h2", {}, this.t(UI.facility)),
      h("div", { class: "grid" }, MAIN.map((p) => this.widget(p, this.fieldLabel(p)))),
      GROUPS.map((p) => this.widget(p, this.fieldLabel(p))),
      h("details", { class: "more" },
        h("summary", {}, this.t(UI.more)),
        h("div", { class: "grid" }, numbers.map((p) => this.widget(p, this.fieldLabel(p))), this.widget("large_chain_pharmacy", this.fieldLabel("large_chain_pharmacy")))),
      h("div", { class: "actions" },
        h("button", { type: "submit", class: "primary" }, this.t(UI.check)),
        this.asOf() ? h("span", { class: "hint" }, `${this.t(UI.asOf)}: ${this.date(this.asOf())}`) : null));
  }

  private windowText(status: string, deadline: string | null | undefined, reason?: Text | null): string {
    const vocabStatus = this.vocab?.window_statuses.find((w) => w.value === status);
    const parts = [`${this.t(UI.window)}${vocabStatus ? this.t(vocabStatus.label) : status}`];
    // The deadline first: it is what a reader scans for; the reason is a sentence and ends the line.
    if (deadline) parts.push(`${this.t(UI.deadline)} ${this.date(deadline)}`);
    if (reason) parts.push(this.t(reason));
    return parts.join(" · ");
  }

  private listView(): HTMLElement {
    const list = this.list as Schemas["EligibilityResponse"];
    const order = { eligible: 0, undetermined: 1, not_eligible: 2 } as Record<string, number>;
    const rows = [...list.results].sort((a, b) => (order[a.verdict] ?? 3) - (order[b.verdict] ?? 3));
    const count = (v: string) => String(list.results.filter((r) => r.verdict === v).length);
    return h("section", { class: "results", "aria-labelledby": "hc-results" },
      h("h2", { id: "hc-results", tabindex: -1 }, `${this.t(UI.results)} (${this.t(UI.asOf)} ${this.date(list.as_of)})`),
      h("p", { class: "summary", role: "status" }, this.t(UI.counts).replace("{e}", count("eligible")).replace("{u}", count("undetermined")).replace("{n}", count("not_eligible"))),
      h("ul", { class: "rows" }, rows.map((r) => {
        const res = r as ListResult;
        return h("li", {
          class: "row",
          "data-program-id": r.program_id,
          "data-verdict": r.verdict,
          "data-status": r.status,
          "data-max-subsidy-yen": r.max_subsidy_yen ?? undefined,
        },
          h("div", {},
            h("span", { class: `badge b-${r.verdict}` }, this.t(VERDICT[r.verdict])),
            h("button", { type: "button", class: "link", "data-open": r.program_id }, this.t(r.name))),
          h("div", { class: "amount" }, r.max_subsidy_yen != null ? `${this.t(UI.max)} ${this.yen(r.max_subsidy_yen)}` : ""),
          h("div", { class: "meta" }, h("span", {}, this.windowText(r.status, r.next_deadline, res.status_reason))));
      })));
  }

  private programView(): HTMLElement {
    const { full, program } = this.detail as NonNullable<HojokinChecker["detail"]>;
    const r = full.results[0] as ListResult | undefined;
    if (!r) return h("p", {}, "—");
    const row = this.list?.results.find((x) => x.program_id === r.program_id);
    const termSource = (frameId: string) => {
      const fd = program.frames.find((f) => f.frame_id === frameId);
      return fd?.terms.find((t) => t.in_force)?.source ?? fd?.terms[0]?.source;
    };
    const questions = full.missing;
    const frames = r.frames;
    const detailFrames = program.frames;
    const calcFrame = detailFrames.find((f) => f.frame_id === this.calcFrame);
    const categories = (calcFrame?.expense_categories ?? []).map((c) => ({ value: c, label: this.labelOf("ExpenseCategory", c) }));
    const catLabel = (c: string) => this.vocab?.expense_categories.find((t) => t.value === c);
    return h("section", { class: "program", "data-program-id": r.program_id, "data-verdict": r.verdict, "aria-labelledby": "hc-program" },
      h("button", { type: "button", class: "back", id: "hc-back" }, this.t(UI.back)),
      h("h2", { id: "hc-program", tabindex: -1 }, h("span", { class: `badge b-${r.verdict}` }, this.t(VERDICT[r.verdict])), this.t(r.name)),
      h("p", { class: "meta" }, this.windowText(r.status, r.next_deadline, r.status_reason),
        r.max_subsidy_yen != null ? ` · ${this.t(UI.max)} ${this.yen(r.max_subsidy_yen)}` : "",
        r.max_subsidy_yen != null ? this.sourceLink(program, termSource(frames.find((f) => f.max_subsidy_yen === r.max_subsidy_yen)?.frame_id ?? "")) : null,
        row && row.verdict !== r.verdict ? "" : ""),
      h("p", {}, this.t(program.summary)),
      questions.length
        ? h("div", { class: "panel questions" }, h("h3", {}, this.t(UI.questions)),
            questions.map((m) => {
              const path = m.field.replace(/^\/facility\//, "");
              const w = this.widget(path, this.t(m.question));
              return h("form", { class: "q", "data-question": m.field, novalidate: true },
                w ?? h("p", {}, this.t(m.question)),
                w ? h("button", { type: "submit", class: "primary" }, this.t(UI.answer)) : null);
            }))
        : null,
      h("div", { class: "panel" }, h("h3", {}, this.t(UI.frames)),
        frames.map((f) => {
          const w = f.window.window;
          return h("div", { class: "frame", "data-frame-id": f.frame_id, "data-verdict": f.verdict },
            h("h4", {}, h("span", { class: `badge b-${f.verdict}` }, this.t(VERDICT[f.verdict])), this.t(f.name)),
            h("p", { class: "meta" },
              this.windowText(f.window.status, w?.closes),
              w ? this.sourceLink(program, w.source) : null,
              f.max_subsidy_yen != null ? h("span", {}, ` · ${this.t(UI.max)} ${this.yen(f.max_subsidy_yen)}`, this.sourceLink(program, termSource(f.frame_id))) : null),
            h("ul", { class: "crits" }, (f.criteria ?? []).map((c) =>
              h("li", { "data-criterion": c.id, "data-verdict": c.verdict },
                h("span", { class: `badge b-${c.verdict}` }, this.t(CRITERION[c.verdict])), this.t(c.reason)))));
        })),
      h("form", { class: "panel calc", novalidate: true },
        h("h3", {}, this.t(UI.calc)),
        (() => {
          const id = `hc${++uid}`;
          return h("div", { class: "field" }, h("label", { for: id }, this.t(UI.frame)),
            h("select", { id, "data-calc-frame": "1" }, frames.map((f) => h("option", { value: f.frame_id, selected: f.frame_id === this.calcFrame }, `${this.t(f.name)} (${this.t(VERDICT[f.verdict])})`))));
        })(),
        h("div", { class: "lines" }, this.lines.map((l, i) => {
          const a = `hc${++uid}`;
          const b = `hc${++uid}`;
          return h("div", { class: "line" },
            h("div", { class: "field" }, h("label", { for: a }, this.t(UI.category)),
              h("select", { id: a, "data-line": i, "data-part": "category" },
                categories.map((c) => h("option", { value: c.value, selected: c.value === l.category }, this.t(catLabel(c.value)?.label) || c.value)))),
            h("div", { class: "field" }, h("label", { for: b }, this.t(UI.amount)),
              h("input", { id: b, type: "number", min: 0, step: 1, inputmode: "numeric", "data-line": i, "data-part": "amount", value: l.amount ?? undefined })),
            this.lines.length > 1 ? h("button", { type: "button", "data-remove": i }, this.t(UI.removeLine)) : h("span", {}));
        })),
        h("div", { class: "actions" },
          h("button", { type: "button", "data-add-line": "1" }, this.t(UI.addLine)),
          h("button", { type: "submit", class: "primary" }, this.t(UI.compute))),
        this.calc ? this.calcResult(program) : null),
      h("div", { class: "panel" }, h("h3", {}, this.t(UI.prereq)),
        h("ol", { class: "steps prereq" },
          r.prerequisites.map((p) => h("li", { "data-system": p.system },
            `${this.labelOf("System", p.system)} — ${this.t(STATE[p.state])}`)),
          h("li", {}, this.t(r.name))),
        r.preparation?.length
          ? [h("h3", {}, this.t(UI.prep)), h("ol", { class: "steps" }, r.preparation.map((p) => h("li", { "data-item": p.item },
              `${this.t(p.label)} — ${this.t(STATE[p.state])}`, p.lead_time_days ? ` (${p.lead_time_days}${this.lang === "ja" ? "日前まで" : " days ahead"})` : "", p.note ? ` ${this.t(p.note)}` : "")))]
          : null));
  }

  private calcResult(program: Schemas["ProgramDetail"]): HTMLElement {
    const c = this.calc as Schemas["CalculationResponse"];
    const status = this.vocab?.amount_statuses.find((s) => s.value === c.amount_status);
    return h("div", { class: "result", role: "status" },
      h("p", {}, `${this.t(UI.subsidy)}: `,
        c.subsidy_yen != null
          ? h("span", { class: "total", "data-subsidy-yen": c.subsidy_yen }, this.yen(c.subsidy_yen))
          : h("span", {}, `${this.t(status?.label)}${c.known_max_yen != null ? ` (${this.t(UI.max)} ${this.yen(c.known_max_yen)})` : ""}`),
        ` (${this.t(VERDICT[c.verdict])})`),
      h("h4", {}, this.t(UI.steps)),
      h("ol", { class: "steps breakdown" }, c.breakdown.map((s) => h("li", { "data-kind": s.kind, "data-output-yen": s.output_yen }, this.t(s.text), this.sourceLink(program, s.source)))),
      c.warnings.length ? [h("h4", {}, this.t(UI.notes)), h("ul", { class: "warnings" }, c.warnings.map((w) => h("li", { "data-code": w.code }, this.t(w.message))))] : null);
  }

  private wire(): void {
    const q = <T extends Element>(sel: string) => [...this.root.querySelectorAll<T>(sel)];
    q<HTMLButtonElement>("button.lang").forEach((b) =>
      b.addEventListener("click", () => {
        // Inputs not yet sent survive the switch.
        const form = this.root.querySelector("form.facility");
        if (form) this.readWidgets(form);
        this.readLines();
        this.setAttribute("lang", this.lang === "ja" ? "en" : "ja");
        (this.root.querySelector("button.lang") as HTMLElement | null)?.focus();
      }));
    q<HTMLFormElement>("form.facility").forEach((f) =>
      f.addEventListener("submit", (e) => {
        e.preventDefault();
        this.readWidgets(f);
        this.formOpen = false;
        void this.fetchList().then(() => (this.root.getElementById("hc-results") as HTMLElement | null)?.focus());
      }));
    q<HTMLButtonElement>("[data-open]").forEach((b) =>
      b.addEventListener("click", () => void this.open(b.dataset.open as string)));
    q<HTMLButtonElement>("#hc-back").forEach((b) =>
      b.addEventListener("click", () => {
        const id = this.opened;
        this.opened = null;
        this.detail = null;
        this.calc = null;
        this.render();
        (this.root.querySelector(`[data-open="${id}"]`) as HTMLElement | null)?.focus();
      }));
    q<HTMLFormElement>("form.q").forEach((f) =>
      f.addEventListener("submit", (e) => {
        e.preventDefault();
        this.readWidgets(f);
        void this.refresh();
      }));
    q<HTMLSelectElement>("[data-calc-frame]").forEach((s) =>
      s.addEventListener("change", () => {
        this.readLines();
        this.calcFrame = s.value;
        this.calc = null;
        this.render();
      }));
    q<HTMLButtonElement>("[data-add-line]").forEach((b) =>
      b.addEventListener("click", () => {
        this.readLines();
        this.lines.push({ category: "", amount: null });
        this.render();
      }));
    q<HTMLButtonElement>("[data-remove]").forEach((b) =>
      b.addEventListener("click", () => {
        this.readLines();
        this.lines.splice(Number(b.dataset.remove), 1);
        this.render();
      }));
    q<HTMLFormElement>("form.calc").forEach((f) =>
      f.addEventListener("submit", (e) => {
        e.preventDefault();
        this.readLines();
        void this.compute();
      }));
  }

  private readLines(): void {
    this.root.querySelectorAll<HTMLInputElement | HTMLSelectElement>("[data-line]").forEach((el) => {
      const line = this.lines[Number(el.dataset.line)];
      if (!line) return;
      if (el.dataset.part === "category") line.category = el.value;
      else line.amount = el.value === "" ? null : Number(el.value);
    });
  }

  private async open(id: string): Promise<void> {
    this.opened = id;
    this.calc = null;
    this.lines = [{ category: "", amount: null }];
    this.calcFrame = "";
    try {
      await this.fetchProgram(id);
      this.render();
      (this.root.getElementById("hc-program") as HTMLElement | null)?.focus();
      this.root.host.scrollIntoView?.({ block: "start" });
    } catch (e) {
      this.opened = null;
      this.fail(e);
    }
  }

  /** An answer to a question: the list and the opened program again, with every other input kept. */
  private async refresh(): Promise<void> {
    await this.fetchList();
    (this.root.getElementById("hc-program") as HTMLElement | null)?.focus();
  }

  private async compute(): Promise<void> {
    const program = this.detail?.program;
    if (!program) return;
    const frame = program.frames.find((f) => f.frame_id === this.calcFrame);
    const expenses = this.lines
      .filter((l) => l.amount !== null && !Number.isNaN(l.amount))
      .map((l) => ({ category: (l.category || frame?.expense_categories[0] || "software") as Schemas["ExpenseCategory"], amount_yen: l.amount as number }));
    try {
      this.calc = await this.client.calculate({
        program_id: program.program_id,
        frame_id: this.calcFrame || undefined,
        as_of: this.asOf(),
        facility: this.profile as Schemas["FacilityProfile"],
        expenses,
      });
      this.error = "";
      this.render();
    } catch (e) {
      this.fail(e);
    }
  }
}

if (!customElements.get("hojokin-checker")) customElements.define("hojokin-checker", HojokinChecker);
