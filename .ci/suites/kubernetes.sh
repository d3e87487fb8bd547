#!/usr/bin/env bash
# Kubernetes manifests (deploy/kubernetes/): generated parts current with catalog/, valid against the
# pinned Kubernetes version's schemas in strict mode (offline: kubernetes-validate bundles them), the
# properties docs/deploy.md promises, and the ConfigMap, laid out as the kubelet mounts it, served.
set -euo pipefail; cd "$(dirname "$0")/../.."; . .ci/lib.sh; trap stop_servers EXIT

K8S_VERSION=1.37.0
failed=0

echo "-- generated parts are current (scripts/kubernetes.py --check)"
python3 scripts/kubernetes.py --check || failed=1

echo "-- kubernetes-validate --strict against Kubernetes $K8S_VERSION"
kubernetes-validate --strict --quiet -k "$K8S_VERSION" \
  deploy/kubernetes/base/*.yaml deploy/kubernetes/public-portal/*.yaml || failed=1

echo "-- properties, and the ConfigMap mounted as the kubelet would"
mount="$CI_TMP/k8s-mount"
python3 - "$mount" <<'PY' || failed=1
import pathlib, sys, yaml

mount = pathlib.Path(sys.argv[1])
problems = []
def need(cond, what):
    if not cond:
        problems.append(what)

for variant in ["base", "public-portal"]:
    docs = {}
    for p in sorted(pathlib.Path("deploy/kubernetes", variant).glob("*.yaml")):
        for d in yaml.safe_load_all(p.read_text(encoding="utf-8")):
            docs[d["kind"]] = d
    for kind in ["Deployment", "Service", "PodDisruptionBudget", "HorizontalPodAutoscaler", "NetworkPolicy", "ConfigMap"]:
        need(kind in docs, f"{variant}: a {kind}")
    dep = docs["Deployment"]
    pod = dep["spec"]["template"]["spec"]
    c = pod["containers"][0]
    need(dep["spec"]["replicas"] == 3, f"{variant}: 3 replicas")
    need(c["readinessProbe"]["httpGet"]["path"] == "/readyz", f"{variant}: readiness on /readyz")
    need(c["livenessProbe"]["httpGet"]["path"] == "/healthz", f"{variant}: liveness on /healthz")
    need(pod["securityContext"].get("runAsNonRoot") is True, f"{variant}: runAsNonRoot")
    need(pod["securityContext"].get("seccompProfile", {}).get("type") == "RuntimeDefault", f"{variant}: seccomp RuntimeDefault")
    sc = c["securityContext"]
    need(sc.get("readOnlyRootFilesystem") is True, f"{variant}: read-only root filesystem")
    need(sc.get("allowPrivilegeEscalation") is False, f"{variant}: no privilege escalation")
    need(sc.get("capabilities", {}).get("drop") == ["ALL"], f"{variant}: all capabilities dropped")
    for k in ["cpu", "memory"]:
        need(k in c["resources"]["requests"] and k in c["resources"]["limits"], f"{variant}: {k} request and limit")
    need(docs["HorizontalPodAutoscaler"]["spec"]["metrics"][0]["resource"]["name"] == "cpu", f"{variant}: HPA on CPU")
    env = {e["name"]: e.get("value") for e in c["env"]}
    need(env.get("HOJOKIN_CATALOG_DIR") == "/catalog", f"{variant}: catalog from /catalog")
    if variant == "public-portal":
        for k in ["HOJOKIN_CORS_ORIGINS", "HOJOKIN_EMBED_ORIGINS", "HOJOKIN_RATE_LIMIT", "HOJOKIN_TRUSTED_PROXIES"]:
            need(env.get(k), f"public-portal: {k}")
    # The volume's items put every ConfigMap key somewhere, and every file back where it was.
    vol = next(v for v in pod["volumes"] if v["name"] == "catalog")
    items = {i["key"]: i["path"] for i in vol["configMap"]["items"]}
    data = docs["ConfigMap"]["data"]
    need(set(items) == set(data), f"{variant}: items[] and ConfigMap keys match")
    catalog = {"catalog.toml"} | {f"programs/{p.name}" for p in pathlib.Path("catalog/programs").glob("*.toml")}
    need(set(items.values()) == catalog, f"{variant}: items[].path are exactly catalog/'s files")
    for key, path in items.items():
        src = pathlib.Path("catalog", path)
        need(src.exists() and data[key] == src.read_text(encoding="utf-8"), f"{variant}: {key} equals catalog/{path}")
        if variant == "base":
            # The kubelet's layout: files under ..data, links to them at the top.
            target = mount / "..data" / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(data[key], encoding="utf-8")
    if variant == "base":
        (mount / "catalog.toml").symlink_to("..data/catalog.toml")
        (mount / "programs").symlink_to("..data/programs")
        print(docs["ConfigMap"]["metadata"]["annotations"]["hojokin.dev/catalog-hash"], file=open(mount.parent / "k8s-hash", "w"))

for p in problems:
    print("FAIL", p)
print(f"{len(problems)} problem(s)")
sys.exit(1 if problems else 0)
PY

if [ -d "$mount" ]; then
  want=$(cat "$CI_TMP/k8s-hash")
  "$HOJOKIN_BIN" catalog check "$mount" | tee "$CI_TMP/k8s-check"
  grep -q "hash $want)" "$CI_TMP/k8s-check" || { echo "FAIL: the ConfigMap's hash annotation is not the served hash ($want)"; failed=1; }
  start_server k8s HOJOKIN_CATALOG_DIR="$mount"
  ready=$(curl -sf "http://$k8s_ADDR/readyz")
  echo "served from the mounted ConfigMap: $ready"
  curl -sf -D - -o /dev/null "http://$k8s_ADDR/v1/catalog" | grep -qi "x-catalog-edition: .*hash=$want" || { echo "FAIL: served hash"; failed=1; }
fi

if [ "$failed" -ne 0 ]; then echo "kubernetes: FAILED"; exit 1; fi
echo "kubernetes: passed (manifests current, valid for Kubernetes $K8S_VERSION in strict mode, ConfigMap served)"
