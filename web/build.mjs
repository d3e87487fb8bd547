// Bundles web/src/checker.ts into web/dist/hojokin-checker.js (committed, embedded in the binary).
// Deterministic: pinned esbuild, no timestamps, no source maps, sorted inputs. `--check` rebuilds
// into memory and exits 1 when the committed file differs.
import { build } from "esbuild";
import { readFileSync, writeFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..");
const check = process.argv.includes("--check");

/** The facility fields of the contract, for the form, the questions and the URL prefill. */
function fields() {
  const doc = JSON.parse(readFileSync(join(root, "openapi/openapi.json"), "utf8"));
  const schemas = doc.components.schemas;
  const strip = (s) => {
    if (s.oneOf) s = s.oneOf.find((x) => x.type !== "null");
    if (s.$ref) {
      const name = s.$ref.split("/").pop();
      const target = schemas[name];
      const named = (x) => x.$ref && schemas[x.$ref.split("/").pop()];
      // A choice between closed lists (PrefectureInput: a code or a name) is one closed field.
      if (target.oneOf && target.oneOf.every((x) => named(x)?.enum)) {
        return { ref: name, type: "string", enum: target.oneOf.flatMap((x) => named(x).enum) };
      }
      return { ref: name, ...target };
    }
    return s;
  };
  const out = {};
  const walk = (schema, prefix) => {
    for (const name of Object.keys(schema.properties).sort()) {
      const s = strip(schema.properties[name]);
      const path = prefix ? `${prefix}/${name}` : name;
      const types = [].concat(s.type ?? []);
      if (s.enum) out[path] = { kind: "enum", of: s.ref };
      else if (types.includes("integer")) out[path] = { kind: "int", min: s.minimum ?? 0, max: s.maximum ?? 1e15 };
      else if (types.includes("boolean")) out[path] = { kind: "bool" };
      else if (types.includes("string") && s.format === "date") out[path] = { kind: "date" };
      else if (types.includes("array")) {
        const item = strip(s.items);
        if (item.enum) out[path] = { kind: "enums", of: item.ref };
        else out[path] = { kind: "objects", of: item.ref, key: (item.required ?? [])[0] ?? null };
      } else if (types.includes("object") && s.properties) walk(s, path);
      else out[path] = { kind: "text" };
    }
  };
  walk(schemas.FacilityProfile, "");
  return out;
}

const result = await build({
  entryPoints: [join(here, "src/checker.ts")],
  bundle: true,
  format: "esm",
  target: "es2020",
  minify: true,
  legalComments: "none",
  charset: "utf8",
  write: false,
  loader: { ".css": "text" },
  define: { __FIELDS__: JSON.stringify(fields()) },
});
const js = result.outputFiles[0].contents;
const target = join(here, "dist/hojokin-checker.js");
const css = readFileSync(join(here, "dist/page.css"));
const gz = gzipSync(Buffer.concat([Buffer.from(js), css]), { level: 9 }).length;
console.log(`hojokin-checker.js: ${js.length} bytes, JS+CSS ${gz} bytes gzipped`);
if (gz > 60 * 1024) {
  console.error("the checker is over 60 KB gzipped");
  process.exit(1);
}
if (check) {
  const committed = readFileSync(target);
  if (!committed.equals(Buffer.from(js))) {
    console.error("web/dist/hojokin-checker.js differs from a rebuild: run `npm run build:web` and commit");
    process.exit(1);
  }
  console.log("web/dist/hojokin-checker.js equals a rebuild");
} else {
  writeFileSync(target, js);
}
