#!/usr/bin/env python3
"""Drive one srxsim device with netmiko's juniper_junos driver, unmodified.

Usage: netmiko_session.py PORT [HOST]

Prints one JSON object on stdout: {"steps": [{"name", "ok", "output" | "error"}...],
"prompts": {...}}. Every step is attempted in order and recorded; a step that raises is
recorded with its exception and the script carries on where that makes sense, so the test
can say exactly which exchange failed. Exit status 0 when the connection was made, 2 when
it was not.

The calls are the ones netmiko users make against a real SRX. The only documented
workaround used is for the host-name change: netmiko's commit() waits for the prompt it
saw before the commit, and a real Junos changes the prompt as soon as the host-name commit
completes (ktbyers/netmiko#905, #1667, #1883), so the host name is committed through
send_config_set([..., "commit"]) followed by set_base_prompt(), as netmiko's maintainers
recommend.
"""

import json
import sys
import traceback

from netmiko import ConnectHandler

port = int(sys.argv[1])
host = sys.argv[2] if len(sys.argv) > 2 else "127.0.0.1"

result = {"steps": [], "prompts": {}}


def step(name, fn):
    try:
        out = fn()
        result["steps"].append({"name": name, "ok": True, "output": out if isinstance(out, (str, bool, type(None))) else repr(out)})
        return out
    except Exception as exc:  # recorded, reported by the test
        result["steps"].append({"name": name, "ok": False, "error": "%s: %s" % (type(exc).__name__, exc), "trace": traceback.format_exc()})
        return None


try:
    conn = ConnectHandler(
        device_type="juniper_junos",
        host=host,
        port=port,
        username="admin",
        password="Juniper123",
        # Bounds every pattern wait (netmiko's default is 100 s); no other behaviour changes.
        timeout=20,
    )
except Exception as exc:
    result["connect_error"] = "%s: %s" % (type(exc).__name__, exc)
    print(json.dumps(result))
    sys.exit(2)

result["prompts"]["base_prompt_at_login"] = conn.base_prompt

# Operational mode: what netmiko users read first.
step("show configuration", lambda: conn.send_command("show configuration"))
step("show version", lambda: conn.send_command("show version"))
# Newer netmiko releases (4.x) also send this during session preparation.
step("set cli complete-on-space off", lambda: conn.send_command("set cli complete-on-space off"))
# A command longer than the 80-column pty netmiko opens: after `set cli screen-width 511`
# the echo must come back unbroken, or netmiko's strip_command leaves debris in the output.
step(
    "long command",
    lambda: conn.send_command(
        "show configuration security ike proposal ike-phase1-proposal | display set | match authentication-method"
    ),
)

# A configuration change, committed plainly.
step(
    "send_config_set proposal",
    lambda: conn.send_config_set(
        [
            "set security ike proposal netmiko-p1 authentication-method pre-shared-keys",
            "set security ike proposal netmiko-p1 dh-group group14",
            "set security ike proposal netmiko-p1 authentication-algorithm sha-256",
            "set security ike proposal netmiko-p1 encryption-algorithm aes-256-cbc",
        ]
    ),
)
step("commit", lambda: conn.commit())
step("exit_config_mode after commit", lambda: conn.exit_config_mode())
step("show configuration security ike proposal netmiko-p1", lambda: conn.send_command("show configuration security ike proposal netmiko-p1"))

# A commit with a comment.
step("send_config_set lifetime", lambda: conn.send_config_set(["set security ike proposal netmiko-p1 lifetime-seconds 3600"]))
step("commit comment", lambda: conn.commit(comment="via netmiko"))

# commit confirmed, then the confirming commit.
step("send_config_set confirmed change", lambda: conn.send_config_set(["set security ike proposal netmiko-p1 description confirmed-change"]))
step("commit confirmed 5", lambda: conn.commit(confirm=True, confirm_delay=5))
step("run show system commit while pending", lambda: conn.send_command("run show system commit"))
step("commit (confirming)", lambda: conn.commit())
step("exit_config_mode", lambda: conn.exit_config_mode())
step("check_config_mode after exit", lambda: conn.check_config_mode())
step("show system commit", lambda: conn.send_command("show system commit"))

# The host-name change, committed inside the config set (see the docstring).
step(
    "send_config_set host-name + commit",
    lambda: conn.send_config_set(["set system host-name NetmikoEdge", "commit"], exit_config_mode=False),
)
step("find_prompt in configuration mode", lambda: conn.find_prompt())
step("exit_config_mode after host-name", lambda: conn.exit_config_mode())
step("set_base_prompt", lambda: conn.set_base_prompt())
result["prompts"]["base_prompt_after_host_name"] = conn.base_prompt
step("find_prompt", lambda: conn.find_prompt())
step("show version after host-name", lambda: conn.send_command("show version"))
step("show configuration system host-name", lambda: conn.send_command("show configuration system host-name"))
step("show system commit after host-name", lambda: conn.send_command("show system commit"))

step("disconnect", lambda: conn.disconnect())
print(json.dumps(result))
