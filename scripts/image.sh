#!/usr/bin/env bash
# Builds the container image here, without a Docker daemon, and proves it works.
#
#   1. the static binary (glibc, crt-static) in its own target directory (a second cold build),
#      with the Dockerfile's RUSTFLAGS;
#   2. the image from the Dockerfile's own final stage (FROM scratch, non-root, env, port,
#      entrypoint), its `COPY --from=build` pointed at that binary, built by buildah in chroot
#      isolation on the vfs driver, in a private storage directory;
#   3. pushed to an OCI layout and an OCI archive with gzip layers; prints the compressed size;
#   4. unpacked with umoci, the image's entrypoint run from the unpacked root filesystem as the
#      image's user with the image's environment; answers /readyz and one calculation.
#
# Needs: cargo, buildah, umoci, curl, python3 (apt-get install -y buildah umoci). Not part of .ci/run.
# Settings: IMAGE_TAG (hojokin:<version>), IMAGE_OUT (target/image), IMAGE_TARGET_DIR (target/static).
set -euo pipefail
cd "$(dirname "$0")/.."

version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n1)
tag=${IMAGE_TAG:-hojokin:$version}
out=${IMAGE_OUT:-target/image}
target_dir=${IMAGE_TARGET_DIR:-target/static}
triple=x86_64-unknown-linux-gnu
for tool in cargo buildah umoci curl python3; do
  command -v "$tool" >/dev/null || { echo "image.sh needs $tool"; exit 1; }
done
rm -rf "$out"
mkdir -p "$out/context"
out=$(cd "$out" && pwd)
started=$SECONDS

echo "== static binary ($target_dir)"
t0=$SECONDS
# The Dockerfile's flags, so that both build the same binary.
rustflags=$(sed -n 's/^ENV RUSTFLAGS="\(.*\)"$/\1/p' Dockerfile | sed 's/\\"/"/g')
[ -n "$rustflags" ] || { echo "no ENV RUSTFLAGS in the Dockerfile"; exit 1; }
echo "RUSTFLAGS=$rustflags"
RUSTFLAGS="$rustflags" CARGO_TARGET_DIR="$target_dir" \
  cargo build --release --locked --target "$triple"
bin="$target_dir/$triple/release/hojokin"
strip -o "$out/context/hojokin" "$bin"
if readelf -d "$out/context/hojokin" | grep -q NEEDED; then
  echo "the binary is not static:"; readelf -d "$out/context/hojokin" | grep NEEDED; exit 1
fi
build_s=$((SECONDS - t0))
bin_bytes=$(stat -c %s "$out/context/hojokin")
echo "static binary: $bin_bytes bytes stripped, built in ${build_s} s"

echo "== image $tag from the Dockerfile's final stage (buildah, chroot isolation, vfs)"
# The final stage exactly as the Dockerfile writes it, with the binary taken from the context.
awk '/^FROM /{stage=""} {stage=stage $0 "\n"} END{printf "%s", stage}' Dockerfile \
  | sed -E 's#^COPY --from=build [^ ]+ /hojokin$#COPY hojokin /hojokin#' > "$out/Containerfile"
grep -q '^FROM scratch' "$out/Containerfile" || { echo "the Dockerfile's final stage is not FROM scratch"; exit 1; }
grep -q '^COPY hojokin /hojokin$' "$out/Containerfile" || { echo "the final stage does not copy the binary to /hojokin"; exit 1; }
if grep -q -- '--from=' "$out/Containerfile"; then echo "the final stage copies more from the build stage"; exit 1; fi
cat "$out/Containerfile"
b=(buildah --root "$out/storage" --runroot "$out/run" --storage-driver vfs)
"${b[@]}" bud --isolation chroot --quiet --layers=false -t "$tag" -f "$out/Containerfile" "$out/context" >/dev/null
"${b[@]}" push --quiet --compression-format gzip "$tag" "oci:$out/oci:$version"
"${b[@]}" push --quiet --compression-format gzip "$tag" "oci-archive:$out/hojokin-$version.oci.tar:$tag"
read -r compressed config_user config_env config_ports config_entry < <(python3 - "$out/oci" <<'PY'
import json, pathlib, sys
root = pathlib.Path(sys.argv[1])
blob = lambda d: root / "blobs" / d.split(":")[0] / d.split(":")[1]
index = json.loads((root / "index.json").read_text())
m = index["manifests"][0]
manifest = json.loads(blob(m["digest"]).read_text())
size = m["size"] + manifest["config"]["size"] + sum(l["size"] for l in manifest["layers"])
cfg = json.loads(blob(manifest["config"]["digest"]).read_text())["config"]
print(size, cfg.get("User"), ",".join(cfg.get("Env", [])), ",".join(cfg.get("ExposedPorts", {})), json.dumps(cfg.get("Entrypoint")).replace(" ", ""))
PY
)
echo "image config: user $config_user, env $config_env, ports $config_ports, entrypoint $config_entry"
echo "compressed image size: $compressed bytes ($(python3 -c "print(round($compressed/1e6, 2))") MB)"
echo "OCI archive: $out/hojokin-$version.oci.tar ($(stat -c %s "$out/hojokin-$version.oci.tar") bytes)"

echo "== run the entrypoint from the unpacked root filesystem"
umoci unpack --image "$out/oci:$version" "$out/bundle" >/dev/null
mapfile -t run < <(python3 - "$out/bundle/config.json" <<'PY'
import json, sys
c = json.load(open(sys.argv[1]))
p = c["process"]
print(f'{p["user"]["uid"]}:{p["user"]["gid"]}')
# The image's environment, with a free port instead of 8080 (which may be taken on this machine).
for e in p["env"]:
    if not e.startswith("HOJOKIN_PORT="):
        print(e)
print("HOJOKIN_PORT=0")
print("--")
for a in p["args"]:
    print(a)
PY
)
user=${run[0]}
sep=0; for i in "${!run[@]}"; do [ "${run[$i]}" = "--" ] && sep=$i; done
envs=("${run[@]:1:$((sep - 1))}")
args=("${run[@]:$((sep + 1))}")
ls -ln "$out/bundle/rootfs"
log="$out/run.log"
rootfs="$out/bundle/rootfs"
if [ "$(id -u)" = 0 ]; then
  # The image's own root and nothing else (not even the /dev an OCI runtime would add), run as
  # the image's user.
  env -i "${envs[@]}" chroot --userspec="$user" "$rootfs" "${args[@]}" >"$log" 2>&1 &
else
  env -i "${envs[@]}" "$rootfs${args[0]}" "${args[@]:1}" >"$log" 2>&1 &
fi
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
addr=""
for _ in $(seq 1 100); do
  addr=$(grep -o '"address":"[^"]*"' "$log" | head -n1 | cut -d'"' -f4 || true)
  [ -n "$addr" ] && break
  sleep 0.05
done
[ -n "$addr" ] || { cat "$log"; echo "the entrypoint did not start"; exit 1; }
echo "listening on $addr (the image's HOJOKIN_HOST)"
addr="127.0.0.1:${addr##*:}"
echo "serving on $addr as $(ps -o user= -p $pid 2>/dev/null || echo "uid $user") (pid $pid)"
ready=$(curl -sSf "http://$addr/readyz")
echo "GET /readyz → $ready"
calc=$(curl -sSf -X POST "http://$addr/v1/calculations" -H 'content-type: application/json' -d '{
  "program_id": "denshi-karte-kyoyu", "frame_id": "3bunsho-daikibo", "as_of": "2025-12-25",
  "facility": {"facility_type": "hospital", "beds": 250, "operator_type": "medical_corporation",
               "introduced": ["online_eligibility", "e_prescription", "health_checkup_system"], "previous_grants": []},
  "expenses": [{"category": "ehr_standardization", "amount_yen": 20000000}]}')
subsidy=$(printf '%s' "$calc" | python3 -c 'import json,sys; print(json.load(sys.stdin)["subsidy_yen"])')
echo "POST /v1/calculations (denshi-karte-kyoyu 3bunsho-daikibo, ¥20,000,000) → subsidy_yen $subsidy"
[ "$subsidy" = 6579000 ] || { echo "unexpected subsidy"; exit 1; }
kill -TERM $pid; wait $pid || true
trap - EXIT
echo "== image $tag: $compressed bytes compressed, binary $bin_bytes bytes, static build ${build_s} s, total $((SECONDS - started)) s"
