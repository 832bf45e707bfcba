#!/usr/bin/env bash
# Rehearses a release without signing or uploading: builds, from a copy of the tree set to a
# release version, the bundle `./mvnw -Prelease deploy` would send to Maven Central
# (central-publishing-maven-plugin's -DskipUpload), then checks it: exactly the published modules,
# each jar with its sources, javadoc (doclint all, a warning fails the build) and
# Automatic-Module-Name, and POMs with what Central requires (name, description, url, licence,
# developers, scm) and no module path appended to url or scm.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The working tree as committed plus uncommitted changes, without build output.
git ls-files -z --cached --others --exclude-standard | tar --null -T - -cf - | tar -xf - -C "$work"
find "$work" -name pom.xml -not -path '*/node_modules/*' -exec sed -i 's/0\.1\.0-SNAPSHOT/0.1.0/g' {} +
# The plugin wants a server entry even when it does not upload; these credentials are never sent.
printf '<settings><servers><server><id>central</id><username>unused</username><password>unused</password></server></servers></settings>' > "$work/settings.xml"

echo "==> release rehearsal: ./mvnw -Prelease deploy -DskipUpload (bundle only, not signed)"
(cd "$work" && "$root/mvnw" -B -q -s settings.xml -Prelease deploy -DskipTests -Dgpg.skip \
    -DskipUpload -Dmaven.install.skip=true) > "$work/release.log" 2>&1 \
  || { tail -60 "$work/release.log"; echo "release rehearsal failed"; exit 1; }

bundle=$(find "$work" -path '*/target/central-publishing/central-bundle.zip' | head -1)
[ -n "$bundle" ] || { echo "no central-bundle.zip was built"; exit 1; }
python3 - "$bundle" <<'PY'
import io, re, sys, zipfile
import xml.etree.ElementTree as ET

NS = {"m": "http://maven.apache.org/POM/4.0.0"}
JARS = ["slipstream-core", "slipstream-dynamo-batch", "slipstream-multilevel-cache",
        "slipstream-metrics", "slipstream-metrics-processor", "slipstream-profiler"]
POMS = ["slipstream-bom", "slipstream-parent"]
zf = zipfile.ZipFile(sys.argv[1])
files = [n for n in zf.namelist() if not re.search(r"\.(md5|sha1|sha256|sha512|asc)$", n)]
problems = []
found = sorted({n.split("/")[2] for n in files})
if found != sorted(JARS + POMS):
    problems.append(f"bundle holds {found}, expected {sorted(JARS + POMS)}")

def pom(artifact):
    return ET.fromstring(zf.read(f"dev/slipstream/{artifact}/0.1.0/{artifact}-0.1.0.pom"))

def text(root, path):
    node = root.find(path, NS)
    return None if node is None or not (node.text or "").strip() else node.text.strip()

for artifact in JARS:
    base = f"dev/slipstream/{artifact}/0.1.0/{artifact}-0.1.0"
    for suffix in (".jar", "-sources.jar", "-javadoc.jar", ".pom"):
        if base + suffix not in files:
            problems.append(f"{artifact}: no {suffix}")
    if base + ".jar" in files:
        manifest = zipfile.ZipFile(io.BytesIO(zf.read(base + ".jar"))).read("META-INF/MANIFEST.MF").decode()
        if "Automatic-Module-Name:" not in manifest:
            problems.append(f"{artifact}: no Automatic-Module-Name")
    root = pom(artifact)
    for field in ("m:name", "m:description"):
        if not text(root, field):
            problems.append(f"{artifact}: POM without {field[2:]}")
    for field in ("m:url", "m:scm"):
        if root.find(field, NS) is not None:
            problems.append(f"{artifact}: POM declares its own {field[2:]} (inherit the project's)")

for artifact in POMS:
    root = pom(artifact)
    for field in ("m:name", "m:description", "m:url", "m:licenses/m:license/m:name",
                  "m:developers/m:developer/m:name", "m:scm/m:connection",
                  "m:scm/m:developerConnection", "m:scm/m:url"):
        if not text(root, field):
            problems.append(f"{artifact}: POM without {field.replace('m:', '')}")
parent = zf.read("dev/slipstream/slipstream-parent/0.1.0/slipstream-parent-0.1.0.pom").decode()
for attribute in ("child.project.url.inherit.append.path", "child.scm.connection.inherit.append.path",
                  "child.scm.developerConnection.inherit.append.path", "child.scm.url.inherit.append.path"):
    if f'{attribute}="false"' not in parent:
        problems.append(f"slipstream-parent: {attribute} is not false (module paths would be appended)")

if problems:
    print("release bundle problems:\n  " + "\n  ".join(problems))
    sys.exit(1)
print(f"    bundle: {len(found)} artifacts, {len(files)} files; sources, javadoc, POMs as Central requires")
PY
