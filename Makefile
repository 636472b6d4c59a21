# ofgate — build, test, run and install beside Debian's ejabberd.
#   make            build the gateway (TypeScript), the web pages (widget, console) and the Erlang shim
#   make run        ofgate with a throwaway ejabberd on loopback (installs what is missing)
#   make run-cluster the shared mode: Redis, two ofgate instances and haproxy in front of them
#   make test       the whole suite against a real ejabberd (installs what is missing)
#   make bench      benchmarks (QUICK=1 for a short run)
#   make bench-shim what mod_ofgate costs ejabberd (with/without, alternating)
#   make bench-fastpath  Fastpath: 1,000 visitors, 50 agents, 200 queued (QUICK=1 for a short run)
#   sudo make install / make uninstall   (PREFIX, DESTDIR honoured)

PREFIX      ?= /opt/ofgate
SYSCONFDIR  ?= /etc/ofgate
UNITDIR     ?= /etc/systemd/system
STATEDIR    ?= /var/lib/ofgate
DESTDIR     ?=
NPM         ?= npm
SUDO        := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

# Asked of the shell each time a recipe runs: GNU make caches directory listings, so $(wildcard …)
# would still see the listing from before deps-system installed ejabberd in the same run.
EJABBERD_APP = $(shell ls -d /usr/lib/*/ejabberd-[0-9]* 2>/dev/null | head -n 1)
XMPP_INC     = $(shell ls -d /usr/lib/erlang/lib/p1_xmpp-*/include 2>/dev/null | head -n 1)
SHIM_SRC     := erlang-shim/src/mod_ofgate.erl
SHIM_BEAM    := build/ebin/mod_ofgate.beam
# ejabberd's contributed-modules dir (ext_mod puts <dir>/mod_ofgate/ebin on the code path at start; the ejabberd
# user's home, not package-owned: an ejabberd upgrade keeps it)
EJABBERD_MODULES_DIR ?= /var/lib/ejabberd/.ejabberd-modules
EJABBERD_CONFIG ?= /etc/ejabberd/ejabberd.yml
OFGATE_MODULE_DIR = $(DESTDIR)$(EJABBERD_MODULES_DIR)/mod_ofgate
# What deps-system looks for before it installs Debian's packages (overridable to test the first install)
CHROMIUM_BIN ?= /usr/bin/chromium
REDIS_BIN    ?= /usr/bin/redis-server
HAPROXY_BIN  ?= /usr/sbin/haproxy
APT_GET      ?= apt-get
POLICY_RC    ?= /usr/sbin/policy-rc.d

.PHONY: all build shim deps deps-system deps-npm check-node test test-unit run run-cluster bench bench-shim bench-fastpath install install-files uninstall configure-ejabberd clean example-config spec

all: build

# ---------------------------------------------------------------- dependencies
deps: deps-system deps-npm

deps-system:
	@if ! command -v erlc >/dev/null 2>&1 || [ -z "$(wildcard /usr/lib/*/ejabberd-[0-9]*)" ] \
	    || [ -z "$(wildcard /usr/lib/erlang/lib/p1_oauth2-*)" ] \
	    || [ ! -x $(REDIS_BIN) ] || [ ! -x $(HAPROXY_BIN) ] || [ ! -x $(CHROMIUM_BIN) ]; then \
	  echo "installing Debian's ejabberd, erlang-p1-oauth2, redis-server, haproxy and chromium (the browser tests)"; \
	  [ -e $(POLICY_RC) ] || { printf '#!/bin/sh\nexit 101\n' | $(SUDO) tee $(POLICY_RC) >/dev/null; $(SUDO) chmod +x $(POLICY_RC); touch .policy-rc-created; }; \
	  $(SUDO) $(APT_GET) update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) $(APT_GET) install -y -qq --no-install-recommends ejabberd erlang-p1-oauth2 redis-server haproxy chromium >/dev/null; \
	  if [ -e .policy-rc-created ]; then $(SUDO) rm -f $(POLICY_RC) .policy-rc-created; fi; \
	fi

node_modules/.package-lock.json: package.json package-lock.json
	$(NPM) ci --no-audit --no-fund --loglevel=error
	@touch $@

deps-npm: check-node node_modules/.package-lock.json

# Node.js >= 20 with npm (Debian 12 ships 18): said plainly instead of failing later on syntax or an engine check.
check-node:
	@command -v node >/dev/null 2>&1 && command -v $(NPM) >/dev/null 2>&1 || { echo "ofgate needs Node.js >= 20 with npm: install them first (Debian 12 ships Node 18: use NodeSource's nodejs 20 or nvm)"; exit 1; }
	@node -e 'process.exit(Number(process.versions.node.split(".")[0]) >= 20 ? 0 : 1)' || { echo "ofgate needs Node.js >= 20, found $$(node --version): install a newer one (NodeSource's nodejs 20 or nvm)"; exit 1; }

# ---------------------------------------------------------------- build
build: deps-npm shim
	$(NPM) run -s build

shim: $(SHIM_BEAM)

$(SHIM_BEAM): $(SHIM_SRC)
	@[ -n "$(EJABBERD_APP)" ] || { echo "ejabberd is not installed: run make deps"; exit 1; }
	@mkdir -p build/ebin
	erlc -Werror -o build/ebin -I $(EJABBERD_APP)/include -I $(XMPP_INC) -pa $(EJABBERD_APP)/ebin $(SHIM_SRC)

example-config: deps-npm
	npx tsx gateway/config/write-example.ts > ofgate.example.yml

# Regenerates swagger/openapi.json from the route declarations (a test fails when it is stale).
spec: deps-npm
	$(NPM) run -s spec

# ---------------------------------------------------------------- run / test / bench
run: deps build
	node dist/test/harness/run-throwaway.js

# the shared mode (issue #16): Redis, two instances, haproxy round-robin; same OFGATE_* overrides, OFGATE_PORT is the balancer's
run-cluster: deps build
	node dist/test/harness/run-cluster.js

test: deps build
	$(NPM) test

test-unit: deps-npm
	$(NPM) run -s test:unit

bench: deps build
	node dist/bench/run-bench.js $(if $(QUICK),--quick,)

# mod_ofgate's cost to ejabberd: alternating rounds with and without it (issue #6)
bench-shim: deps build
	node dist/bench/shim-cost.js

# Fastpath (issue #21): ask → offerReceived and → room latency, rooms/s, ofgate CPU per request, with 200 queued
bench-fastpath: deps build
	node dist/bench/fastpath-bench.js $(if $(QUICK),--quick,)

# ---------------------------------------------------------------- install
install: build install-files

install-files:
	install -d $(DESTDIR)$(PREFIX) $(DESTDIR)$(SYSCONFDIR) $(DESTDIR)$(UNITDIR) $(DESTDIR)$(STATEDIR)
	install -d $(DESTDIR)$(PREFIX)/dist $(DESTDIR)$(PREFIX)/bin
	cp -r dist/gateway dist/hooks dist/swagger $(DESTDIR)$(PREFIX)/dist/
	cp -r package.json package-lock.json swagger README.md $(DESTDIR)$(PREFIX)/
	install -d $(DESTDIR)$(PREFIX)/examples
	install -m 0644 deploy/haproxy.cfg deploy/nginx-ofgate.conf $(DESTDIR)$(PREFIX)/examples/
	printf '#!/bin/sh\n# ofgate [config.yml] | ofgate setup-ejabberd [options]\ncase "$$1" in\n  setup-ejabberd) shift; exec /usr/bin/env node %s/dist/gateway/setup/main.js "$$@" ;;\n  *) exec /usr/bin/env node %s/dist/gateway/main.js "$$@" ;;\nesac\n' $(PREFIX) $(PREFIX) > $(DESTDIR)$(PREFIX)/bin/ofgate
	chmod 0755 $(DESTDIR)$(PREFIX)/bin/ofgate
	cd $(DESTDIR)$(PREFIX) && $(NPM) ci --omit=dev --no-audit --no-fund --loglevel=error
	[ -e $(DESTDIR)$(SYSCONFDIR)/ofgate.yml ] || sed 's#^\(  dataDir:\).*#\1 "$(STATEDIR)"#' ofgate.example.yml > $(DESTDIR)$(SYSCONFDIR)/ofgate.yml
	sed -e 's#@PREFIX@#$(PREFIX)#g' -e 's#@SYSCONFDIR@#$(SYSCONFDIR)#g' -e 's#@STATEDIR@#$(STATEDIR)#g' \
	  deploy/ofgate.service.in > $(DESTDIR)$(UNITDIR)/ofgate.service
	@# mod_ofgate as an ejabberd contributed module: <dir>/mod_ofgate/{mod_ofgate.spec,ebin/mod_ofgate.beam}
	install -d $(OFGATE_MODULE_DIR)/ebin
	install -m 0644 $(SHIM_BEAM) $(OFGATE_MODULE_DIR)/ebin/mod_ofgate.beam
	printf '{summary, "ofgate: hook events to ofgate, reversible account locks"}.\n{author, "ofgate"}.\n{url, "file://$(PREFIX)/README.md"}.\n' > $(OFGATE_MODULE_DIR)/mod_ofgate.spec
	@if [ -n "$(EJABBERD_APP)" ]; then \
	  ERL_LIBS=$$(dirname $(EJABBERD_APP)) ERL_CRASH_DUMP=/dev/null erl -noshell -noinput -pa $(OFGATE_MODULE_DIR)/ebin \
	    -eval 'case code:ensure_loaded(mod_ofgate) of {module, _} -> halt(0); E -> io:format("~p~n", [E]), halt(1) end.' \
	  || { echo "mod_ofgate.beam does not load with the installed ejabberd: rebuild it (make clean build)"; exit 1; }; \
	  echo "mod_ofgate loads with $$(basename $(EJABBERD_APP))"; \
	fi
	@if [ -z "$(DESTDIR)" ] && id ejabberd >/dev/null 2>&1; then chown -R ejabberd:ejabberd $(EJABBERD_MODULES_DIR); fi
	@echo
	@echo "ofgate installed in $(DESTDIR)$(PREFIX); config $(DESTDIR)$(SYSCONFDIR)/ofgate.yml;"
	@echo "mod_ofgate in $(OFGATE_MODULE_DIR) (ejabberd's contributed modules: kept across ejabberd upgrades)."
	@echo "Next: configure ejabberd for ofgate (shows the diff, checks it with ejabberd, keeps a backup; --undo reverts):"
	@echo "  sudo $(PREFIX)/bin/ofgate setup-ejabberd --ofgate-config $(SYSCONFDIR)/ofgate.yml --dry-run"
	@echo "  sudo $(PREFIX)/bin/ofgate setup-ejabberd --ofgate-config $(SYSCONFDIR)/ofgate.yml && sudo systemctl restart ejabberd"
	@echo "then set the lines it prints in $(SYSCONFDIR)/ofgate.yml and 'systemctl enable --now ofgate'."
	@echo
	@echo "Shared mode (several instances behind a balancer): give each instance store.backend: redis, the same"
	@echo "redis.url, auth.secret and hooks.secret, its own cluster.instanceId and cluster.advertiseUrl, and point"
	@echo "mod_ofgate's url at the balancer. Balancer examples (round-robin, SSE unbuffered, /healthz checks):"
	@echo "  $(PREFIX)/examples/haproxy.cfg  $(PREFIX)/examples/nginx-ofgate.conf"

# Adds what ofgate needs to ejabberd.yml (ofgate setup-ejabberd): SETUP_ARGS="--dry-run" to only look, "--undo" to revert.
configure-ejabberd: build
	node dist/gateway/setup/main.js --ejabberd-config $(EJABBERD_CONFIG) $(if $(OFGATE_CONFIG),--ofgate-config $(OFGATE_CONFIG),) $(SETUP_ARGS)

# Keeps $(SYSCONFDIR)/ofgate.yml (its secrets) and $(STATEDIR); undoes setup-ejabberd first, so ejabberd never
# starts with a mod_ofgate it cannot load; if that undo is refused, the module stays and what to remove is printed.
uninstall:
	@if [ -z "$(DESTDIR)" ] && command -v systemctl >/dev/null 2>&1 && [ -e $(UNITDIR)/ofgate.service ]; then \
	  systemctl disable --now ofgate || true; fi
	@if [ -e $(DESTDIR)$(EJABBERD_CONFIG).ofgate-backup ] && [ -e $(DESTDIR)$(PREFIX)/dist/gateway/setup/main.js ]; then \
	  node $(DESTDIR)$(PREFIX)/dist/gateway/setup/main.js --ejabberd-config $(DESTDIR)$(EJABBERD_CONFIG) --undo || true; fi
	@if [ -e $(DESTDIR)$(EJABBERD_CONFIG) ] && grep -q '^[[:space:]]*mod_ofgate:' $(DESTDIR)$(EJABBERD_CONFIG); then \
	  echo "mod_ofgate is still enabled in $(DESTDIR)$(EJABBERD_CONFIG): ejabberd would not start without it, so it stays in $(OFGATE_MODULE_DIR)."; \
	  echo "Remove from that file the mod_ofgate entry under modules (and, if unwanted, ofgate's 127.0.0.1 API listener, the \"ofgate\""; \
	  echo "api_permissions entry, acl ofgate_loopback, access rule ofgate_trusted and mod_fail2ban's access: ofgate_trusted),"; \
	  echo "restart ejabberd, then: rm -rf $(OFGATE_MODULE_DIR)"; \
	else rm -rf $(OFGATE_MODULE_DIR); fi
	rm -rf $(DESTDIR)$(PREFIX)
	rm -f $(DESTDIR)$(UNITDIR)/ofgate.service
	@[ -z "$(DESTDIR)" ] && command -v systemctl >/dev/null 2>&1 && systemctl daemon-reload || true
	@echo "removed ofgate; kept $(DESTDIR)$(SYSCONFDIR)/ofgate.yml and its state in $(DESTDIR)$(STATEDIR) (secrets): remove them by hand if no longer wanted"

clean:
	rm -rf dist build
