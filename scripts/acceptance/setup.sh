#!/usr/bin/env bash
# Installs what the acceptance run needs into a cache folder, from package registries only:
#   kube-apiserver and etcd            built from Go modules (scripts/acceptance/kubernetes/go.mod)
#   kube-score, kubeconform, trivy     `go install module@version`
#   checkov                            pip, into a virtualenv
#   the CRDs the examples use          `go mod download` of each project's own module (generated CRD YAML)
# Every piece lands in a folder named after its pinned version (scripts/acceptance/versions.env) and is skipped
# when that folder is complete, so a warm cache costs seconds and a version bump rebuilds only that piece.
#
# Usage: scripts/acceptance/setup.sh [--only go|python]   (CDK8S_HARDENING_CACHE overrides the cache folder)
# Prints one line per piece: "cached", "built in Ns", or "SKIPPED: <why>". Exits non-zero when a piece fails to build,
# and, when CI=true, when a toolchain is missing (a user's machine skips that part instead).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=versions.env
source "$HERE/versions.env"
CACHE="${CDK8S_HARDENING_CACHE:-$HOME/.cache/cdk8s-hardening}"
mkdir -p "$CACHE"
ONLY="${2:-}"
[ "${1:-}" = "--only" ] || ONLY=""

failures=0
started=$(date +%s)

say() { printf 'setup: %-28s %s\n' "$1" "$2"; }

missing_toolchain() { # name, what it is needed for
  if [ "${CI:-}" = "true" ]; then
    say "$1" "FAILED: $1 is not installed, and CI must run $2"
    failures=$((failures + 1))
  else
    say "$1" "SKIPPED: $1 is not installed; $2 will be skipped (install $1 to run them)"
  fi
}

# piece NAME DIR COMMAND...: runs COMMAND (which must fill DIR) unless DIR/.complete exists; DIR is replaced whole
# so a half-finished earlier attempt never counts as cached.
piece() {
  local name="$1" dir="$2"; shift 2
  if [ -f "$dir/.complete" ]; then say "$name" "cached ($dir)"; return 0; fi
  rm -rf "$dir.partial"; mkdir -p "$dir.partial"
  local t0; t0=$(date +%s)
  # Not in an `if`: bash ignores `set -e` inside a condition, and each step of a piece must stop it on failure.
  local rc
  set +e; ( set -e; "$@" "$dir.partial" ) >"$CACHE/$name.log" 2>&1; rc=$?; set -e
  if [ "$rc" -eq 0 ]; then
    # The stamp holds how long the piece took to build (the report shows it; the Go build cache may have been warm).
    rm -rf "$dir"; mv "$dir.partial" "$dir"; echo "$(( $(date +%s) - t0 )) $(date -u +%Y-%m-%d)" >"$dir/.complete"
    say "$name" "built in $(( $(date +%s) - t0 ))s ($dir)"
  else
    say "$name" "FAILED after $(( $(date +%s) - t0 ))s; last lines of $CACHE/$name.log:"
    tail -n 20 "$CACHE/$name.log" | sed 's/^/    /'
    failures=$((failures + 1))
  fi
}

build_kubernetes() { # out
  local v="$KUBERNETES_VERSION" minor ld="-s -w"
  minor="${v#v1.}"; minor="${minor%%.*}"
  # The version stamps Kubernetes' own release build sets (hack/lib/version.sh), so the binaries report v1.X.Y.
  for p in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    ld="$ld -X $p.gitVersion=$v -X $p.gitMajor=1 -X $p.gitMinor=$minor -X $p.gitTreeState=clean -X $p.buildDate=1970-01-01T00:00:00Z"
  done
  grep -qE "^(require)?[[:space:]]*k8s.io/kubernetes $v( |\$)" "$HERE/kubernetes/go.mod" \
    || { echo "scripts/acceptance/kubernetes/go.mod does not require k8s.io/kubernetes $v (versions.env)"; return 1; }
  mkdir -p "$1/bin"
  (cd "$HERE/kubernetes" && go build -mod=readonly -trimpath -ldflags "$ld" -o "$1/bin/" \
    k8s.io/kubernetes/cmd/kube-apiserver go.etcd.io/etcd/server/v3)
  # `go build` names a binary after the last path element that is not a major version: .../server/v3 -> server.
  mv "$1/bin/server" "$1/bin/etcd"
  "$1/bin/kube-apiserver" --version && "$1/bin/etcd" --version
}

go_install() { # module@version out
  mkdir -p "$2/bin"
  GOBIN="$2/bin" go install -trimpath -ldflags "-s -w" "$1"
}

install_trivy() { # out
  # Trivy imports encoding/json/v2, which Go ships behind the jsonv2 experiment (its release build sets it too).
  GOEXPERIMENT=jsonv2 go_install "github.com/aquasecurity/trivy/cmd/trivy@$TRIVY_VERSION" "$1"
  "$1/bin/trivy" --version
}

install_checkov() { # out
  python3 -m venv "$1/venv"
  # pip's resolver backtracks through dozens of versions of checkov's dependencies (over an hour here); uv, from
  # PyPI too, resolves the same pins in seconds. The resolved set is kept beside the venv for the report.
  "$1/venv/bin/pip" install --quiet --disable-pip-version-check "uv==$UV_VERSION"
  "$1/venv/bin/uv" pip install --quiet --python "$1/venv/bin/python" "checkov==$CHECKOV_VERSION"
  "$1/venv/bin/uv" pip freeze --python "$1/venv/bin/python" >"$1/requirements.lock"
  "$1/venv/bin/checkov" --version
}

fetch_crds() { # out
  local out="$1/crds"
  mkdir -p "$out"
  # module@version  path-in-module...  (each project's generated CRDs, as its releases ship them)
  local specs=(
    "github.com/external-secrets/external-secrets@$EXTERNAL_SECRETS_VERSION deploy/crds/bundle.yaml"
    "github.com/bitnami-labs/sealed-secrets@$SEALED_SECRETS_VERSION helm/sealed-secrets/crds/bitnami.com_sealedsecrets.yaml"
    "github.com/kyverno/kyverno@$KYVERNO_VERSION config/crds/kyverno/kyverno.io_clusterpolicies.yaml config/crds/kyverno/kyverno.io_policies.yaml"
    "github.com/sigstore/policy-controller@$POLICY_CONTROLLER_VERSION config/300-clusterimagepolicy.yaml"
    "istio.io/api@$ISTIO_API_VERSION kubernetes/customresourcedefinitions.gen.yaml"
  )
  local spec mv dir f
  for spec in "${specs[@]}"; do
    read -r mv rest <<<"$spec"
    dir=$(go mod download -json "$mv" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d.get("Dir") or sys.exit(d.get("Error")))')
    for f in $rest; do
      cp "$dir/$f" "$out/$(echo "${mv%@*}" | tr '/.' '__')__$(basename "$f")"
    done
    echo "$mv" >>"$out/SOURCES"
  done
  ls -l "$out"
}

if [ "$ONLY" != "python" ]; then
  if command -v go >/dev/null 2>&1; then
    piece crds "$CACHE/crds-$(echo "$EXTERNAL_SECRETS_VERSION-$SEALED_SECRETS_VERSION-$KYVERNO_VERSION-$POLICY_CONTROLLER_VERSION-$ISTIO_API_VERSION" | tr -d v)" fetch_crds
    piece kube-score "$CACHE/kube-score-$KUBE_SCORE_VERSION" go_install "github.com/zegl/kube-score/cmd/kube-score@$KUBE_SCORE_VERSION"
    piece kubeconform "$CACHE/kubeconform-$KUBECONFORM_VERSION" go_install "github.com/yannh/kubeconform/cmd/kubeconform@$KUBECONFORM_VERSION"
    piece kubernetes "$CACHE/kubernetes-$KUBERNETES_VERSION-etcd-$ETCD_VERSION" build_kubernetes
    piece trivy "$CACHE/trivy-$TRIVY_VERSION" install_trivy
  else
    missing_toolchain go "the API server checks, kube-score, kubeconform and trivy"
  fi
fi
if [ "$ONLY" != "go" ]; then
  if command -v python3 >/dev/null 2>&1 && python3 -c 'import venv, ensurepip' 2>/dev/null; then
    piece checkov "$CACHE/checkov-$CHECKOV_VERSION-uv-$UV_VERSION" install_checkov
  else
    missing_toolchain python3 "the Checkov scan (python3 with venv and ensurepip)"
  fi
fi
say total "$(( $(date +%s) - started ))s, $failures failed (cache: $CACHE)"
[ "$failures" -eq 0 ]
