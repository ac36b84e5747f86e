#!/usr/bin/env bash
# Makes the test certificates in this folder (run by hand; the outputs are committed). Test-only keys: never trust them.
set -euo pipefail
cd "$(dirname "$0")"
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
days=36500
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$work/ca.key" -out ca.pem -days $days \
  -subj "/CN=ecsrpc test CA" -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
leaf() { # name subject-alt-names [ca-args...]
  local name=$1 san=$2; shift 2
  openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$name.key" -out "$work/$name.csr" -subj "/CN=$name" 2>/dev/null
  printf 'basicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\nsubjectAltName=%s\n' "$san" > "$work/$name.ext"
  "$@" -in "$work/$name.csr" -extfile "$work/$name.ext" -out "$name.pem" 2>/dev/null
}
sign() { openssl x509 -req -CA ca.pem -CAkey "$work/ca.key" -CAcreateserial -CAserial "$work/ca.srl" -days $days "$@"; }
# The endpoint: loopback addresses, localhost, and a real ECS host name (reached through the test proxy only).
leaf server "IP:127.0.0.1,IP:::1,DNS:localhost,DNS:ecs.cn-hangzhou.aliyuncs.com" sign
# Valid and trusted, but for another name.
leaf wrong-host "DNS:other.example" sign
# Right name, not signed by the test CA.
leaf untrusted "IP:127.0.0.1" openssl x509 -req -signkey untrusted.key -days $days
# Right name and CA, but expired in 2021 (openssl ca can date it in the past).
mkdir -p "$work/ca"; touch "$work/ca/index"; echo 1000 > "$work/ca/serial"
cat > "$work/ca.cnf" <<CNF
[ca]
default_ca = test
[test]
dir = $work/ca
database = \$dir/index
serial = \$dir/serial
new_certs_dir = $work/ca
default_md = sha256
policy = anything
copy_extensions = none
[anything]
commonName = supplied
CNF
openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout expired.key -out "$work/expired.csr" -subj "/CN=expired" 2>/dev/null
printf 'basicConstraints=CA:FALSE\nsubjectAltName=IP:127.0.0.1\n' > "$work/expired.ext"
openssl ca -batch -config "$work/ca.cnf" -cert ca.pem -keyfile "$work/ca.key" -in "$work/expired.csr" -out expired.pem \
  -startdate 20200101000000Z -enddate 20210101000000Z -extfile "$work/expired.ext" -notext 2>/dev/null
