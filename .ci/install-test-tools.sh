#!/usr/bin/env bash
# Installs the system tools the tests need, when missing (Debian/Ubuntu, apt-get).
# Idempotent: does nothing when every tool is already on the PATH.
#   chromium, chromedriver: the sample page's browser test (SamplePageBrowserIntegrationTests)
#   redis-server: the shared tier's tests (RedisServer starts one per test class)
set -euo pipefail
# On a fresh machine this amounts to: apt-get update && apt-get install -y chromium chromium-driver redis-server

# "command package" pairs: a command the tests run, and the Debian package that provides it.
# Add a line per tool (e.g. "redis-server redis-server").
tools=(
	"chromium chromium"
	"chromedriver chromium-driver"
	"redis-server redis-server"
)

missing=()
for tool in "${tools[@]}"; do
	read -r command package <<<"$tool"
	if ! command -v "$command" >/dev/null 2>&1; then
		missing+=("$package")
	fi
done

if [ ${#missing[@]} -eq 0 ]; then
	exit 0
fi

sudo=()
if [ "$(id -u)" -ne 0 ]; then
	sudo=(sudo)
fi
echo "Installing test tools: ${missing[*]}"
"${sudo[@]}" apt-get update -q
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
