/**
 * A thin typed client for the hojokin API: the paths and shapes come from `schema.d.ts`,
 * generated from `openapi/openapi.json` by openapi-typescript (`npm run gen`).
 */
import createClient, { type ClientOptions } from "openapi-fetch";
import type { components, paths } from "./schema.js";

export type { components, paths } from "./schema.js";
export type Schemas = components["schemas"];
export type FacilityProfile = Schemas["FacilityProfile"];
export type EligibilityRequest = Schemas["EligibilityRequest"];
export type EligibilityResponse = Schemas["EligibilityResponse"];
export type ProgramEligibility = Schemas["ProgramEligibility"];
export type CalculationRequest = Schemas["CalculationRequest"];
export type CalculationResponse = Schemas["CalculationResponse"];
export type PlanRequest = Schemas["PlanRequest"];
export type PlanResponse = Schemas["PlanResponse"];
export type ProgramDetail = Schemas["ProgramDetail"];
export type ProgramList = Schemas["ProgramList"];
export type Vocabulary = Schemas["Vocabulary"];
export type Problem = Schemas["Problem"];
export type RoadmapStep = Schemas["RoadmapStep"];
export type Assignment = Schemas["Assignment"];
export type StepFigure = Schemas["StepFigure"];
export type Change = Schemas["Change"];
export type Warning = Schemas["Warning"];
export type WarningCode = Schemas["WarningCode"];
export type ProgramsQuery = NonNullable<paths["/v1/programs"]["get"]["parameters"]["query"]>;

/** An answer that is not 2xx: the `application/problem+json` body when there is one. */
export class HojokinError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem | undefined,
  ) {
    super(problem ? `${status} ${problem.code}: ${problem.detail ?? problem.title}` : `HTTP ${status}`);
    this.name = "HojokinError";
  }
}

function unwrap<T>(r: { data?: T; error?: unknown; response: Response }): T {
  if (r.data !== undefined && r.response.ok) return r.data;
  const body = r.error;
  const problem = body && typeof body === "object" && "code" in body ? (body as Problem) : undefined;
  throw new HojokinError(r.response.status, problem);
}

/** The client: one method per operation, each returning the typed answer or throwing `HojokinError`. */
export function hojokin(baseUrl: string, options: Omit<ClientOptions, "baseUrl"> = {}) {
  const raw = createClient<paths>({ ...options, baseUrl: baseUrl.replace(/\/+$/, "") });
  return {
    /** The underlying openapi-fetch client, for headers or middleware. */
    raw,
    async programs(query: ProgramsQuery = {}): Promise<ProgramList> {
      return unwrap(await raw.GET("/v1/programs", { params: { query } }));
    },
    async program(programId: string, asOf?: string): Promise<ProgramDetail> {
      return unwrap(
        await raw.GET("/v1/programs/{program_id}", {
          params: { path: { program_id: programId }, query: asOf ? { as_of: asOf } : {} },
        }),
      );
    },
    async vocabulary(): Promise<Vocabulary> {
      return unwrap(await raw.GET("/v1/vocabulary"));
    },
    async catalog(): Promise<Schemas["CatalogInfo"]> {
      return unwrap(await raw.GET("/v1/catalog"));
    },
    async eligibility(body: EligibilityRequest): Promise<EligibilityResponse> {
      return unwrap(await raw.POST("/v1/eligibility", { body }));
    },
    async calculate(body: CalculationRequest): Promise<CalculationResponse> {
      return unwrap(await raw.POST("/v1/calculations", { body }));
    },
    async plan(body: PlanRequest): Promise<PlanResponse> {
      return unwrap(await raw.POST("/v1/plans", { body }));
    },
  };
}

export type Hojokin = ReturnType<typeof hojokin>;
