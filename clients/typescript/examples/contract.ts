/**
 * What the contract lets a strict program know without a runtime check: tagged unions narrow on
 * their tag, closed vocabularies are exhaustive, absent values are `undefined` (never `null`).
 * Compiled with `tsc --strict` (the browser suite); it makes no request.
 */
import type { Assignment, CalculationResponse, Change, RoadmapStep, StepFigure, Warning } from "../src/index.js";

/** One line per roadmap step; each variant's own properties are there without `?.`. */
export function stepLine(s: RoadmapStep): string {
  switch (s.kind) {
    case "application":
      return `${s.on} apply ${s.program_id}/${s.frame_id} (${s.window.status})`;
    case "introduce_system":
      return `${s.on} introduce ${s.system}`;
    case "preparation":
    case "purchase":
      return `${s.on} ${s.title.en}`;
    default: {
      const never: never = s;
      return never;
    }
  }
}

export function assignmentLine(a: Assignment): string {
  return a.status === "funded" ? `${a.purchase_id}: ${a.program_id}/${a.frame_id}` : `${a.purchase_id}: ${a.reason} (${a.message.en})`;
}

export function figureText(f: StepFigure): string {
  switch (f.kind) {
    case "rate":
      return f.rate.text;
    case "limit":
      return `${f.op} ${f.yen}`;
    case "per_unit":
      return `${f.yen} per unit`;
    case "rounding":
      return `${f.direction} to ${f.unit}`;
  }
}

export function changeText(c: Change): string {
  switch (c.kind) {
    case "introduce_system":
    case "declare_intention":
      return `${c.kind} ${c.system}`;
    case "notify_fee":
      return `notify ${c.fee} by ${c.by}`;
    case "provide_input":
      return `answer ${c.field}`;
    case "fact":
      return `fact ${c.code}`;
  }
}

/** Warning codes are a closed list: a typo here would not compile. */
export function isAboutFigures(w: Warning): boolean {
  return w.code === "figure_unverified" || w.code === "published_cap_differs" || w.code === "figure_unconfirmed";
}

/** A breakdown input is an integer or a decimal string; the subsidy is a number or absent. */
export function inputs(c: CalculationResponse): string[] {
  const subsidy: number | undefined = c.subsidy_yen;
  return c.breakdown.flatMap((s) =>
    s.inputs.map((i) => `${i.name}=${typeof i.value === "number" ? i.value.toFixed(0) : i.value} (${subsidy ?? "?"})`),
  );
}
