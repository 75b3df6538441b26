#!/usr/bin/env bash
# Assembles a stand-in for the distroless Node 22 base where no registry can
# be pulled from: Node from the npm registry's `node` package (stripped of
# debug symbols), the shared libraries it links (found with ldd, from
# Debian), CA certificates and time zones from Debian, /etc/passwd with the
# nonroot user 65532, Node at /nodejs/bin/node as in distroless. No shell, no
# package manager. Commits it to buildah's local storage as $2.
#
#   standin-base.sh NODE_BINARY IMAGE_NAME      (as root; uses $BUILDAH_FLAGS)
set -euo pipefail
node_binary=$1
image=$2
buildah_flags=(${BUILDAH_FLAGS:---storage-driver vfs})

root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
mkdir -p "$root/nodejs/bin" "$root/etc/ssl/certs" "$root/tmp" "$root/home/nonroot"
chmod 1777 "$root/tmp"
chown 65532:65532 "$root/home/nonroot"
strip -o "$root/nodejs/bin/node" "$node_binary"
# Every library the dynamic linker loads for node, at the same path.
for lib in $(ldd "$node_binary" | grep -oE '/[^ ]+'); do
  mkdir -p "$root$(dirname "$lib")"
  cp -L "$lib" "$root$lib"
done
cp -L /etc/ssl/certs/ca-certificates.crt "$root/etc/ssl/certs/"
[ -d /usr/share/zoneinfo ] && mkdir -p "$root/usr/share" && cp -r /usr/share/zoneinfo "$root/usr/share/"
printf 'root:x:0:0:root:/root:/sbin/nologin\nnonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin\n' >"$root/etc/passwd"
printf 'root:x:0:\nnonroot:x:65532:\n' >"$root/etc/group"

container=$(buildah "${buildah_flags[@]}" from scratch)
buildah "${buildah_flags[@]}" copy "$container" "$root" / >/dev/null
buildah "${buildah_flags[@]}" config --user 65532:65532 --workingdir /home/nonroot \
  --env PATH=/nodejs/bin:/usr/local/bin:/usr/bin:/bin \
  --env SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt \
  --entrypoint '["/nodejs/bin/node"]' "$container"
buildah "${buildah_flags[@]}" commit --rm "$container" "$image" >/dev/null
