#!/bin/sh
# Makes the files compose.yaml mounts as secrets, in deploy/compose/secrets/ (git ignores it):
# the session encryption key, Valkey's password (and its ACL file) and the REDIS_URL holding it, a CA and Valkey's
# TLS certificate, and a signing key unless one is there (replace it with the key whose public
# half your APIM application knows, or keep it: APIM reads it from /.well-known/jwks.json).
# Needs openssl. Run from the repository root: sh deploy/compose/make-secrets.sh
set -eu
dir="$(dirname "$0")/secrets"
mkdir -p "$dir"
# The directory keeps other users of this machine out; the files themselves must be readable
# by the containers' users (node, valkey), which are not you.
chmod 700 "$dir"
umask 022
cd "$dir"

[ -f session-encryption-key ] || openssl rand 32 | openssl base64 -A | tr '+/' '-_' | tr -d '=' > session-encryption-key
[ -f valkey-password ] || openssl rand -hex 32 > valkey-password
printf 'rediss://:%s@valkey:6380\n' "$(cat valkey-password)" > redis-url
# Valkey's users: the default user with that password, stored as its SHA-256 only.
printf 'user default on #%s ~* &* +@all\n' \
  "$(tr -d '\n' < valkey-password | openssl dgst -sha256 -r | cut -d' ' -f1)" > valkey-users.acl

if [ ! -f ca.crt ]; then
  openssl req -x509 -newkey rsa:3072 -nodes -days 825 -subj '/CN=ers-bff compose CA' \
    -keyout ca.key -out ca.crt
  openssl req -newkey rsa:3072 -nodes -subj '/CN=valkey' -keyout valkey.key -out valkey.csr
  printf 'subjectAltName=DNS:valkey\n' > valkey.ext
  openssl x509 -req -in valkey.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 825 \
    -extfile valkey.ext -out valkey.crt
  rm -f valkey.csr valkey.ext ca.srl
fi

# PKCS#8 PEM, as SIGNING_KEY_FILE wants it.
[ -f signing-key.pem ] || openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:4096 -out signing-key.pem
chmod 644 ./*
chmod 600 ca.key  # signs certificates; never mounted
echo "Secrets are in $dir. Next: cp .env.example deploy/compose/ers-bff.env and fill it in."
