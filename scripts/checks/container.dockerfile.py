"""Reads the Dockerfile's last stage (the runtime image) for scripts/checks/container.

usage: python container.dockerfile.py Dockerfile OUTDIR

Writes into OUTDIR: from (the base image), packages (what its `apt-get install` lines install,
one per line), run-N.sh (each RUN, shell form), copies (`COPY --from=STAGE SRC DEST` lines,
tab-separated), env (KEY=VALUE lines), user, workdir, volumes, entrypoint and healthcheck
(JSON exec-form arrays), build-context (the paths the build stage COPYs from the context).
Exits 1 with a message for an instruction the check cannot emulate.
"""
import json
import os
import re
import shlex
import sys

dockerfile, out = sys.argv[1], sys.argv[2]

# Docker's rules: comment lines go first (also inside a continuation), then `\` + newline joins.
lines = [l for l in open(dockerfile).read().splitlines() if not l.lstrip().startswith("#")]
text = "\n".join(lines)
text = re.sub(r"\\[ \t]*\n", " ", text)
instructions = []
for line in text.splitlines():
    if line.strip():
        keyword, _, rest = line.strip().partition(" ")
        instructions.append((keyword.upper(), rest.strip()))

stages = []
for keyword, rest in instructions:
    if keyword == "FROM":
        stages.append([])
    if stages:
        stages[-1].append((keyword, rest))
if not stages:
    sys.exit("container: the Dockerfile has no FROM")
runtime = stages[-1]


def exec_form(value):
    value = value.strip()
    if value.startswith("["):
        return json.loads(value)
    return ["/bin/sh", "-c", value]


def write(name, value):
    with open(os.path.join(out, name), "w") as f:
        f.write(value)


packages, copies, env, volumes, runs = [], [], [], [], []
user, workdir, entrypoint, healthcheck = "root", "/", [], []
for keyword, rest in runtime:
    if keyword == "FROM":
        write("from", shlex.split(rest)[0] + "\n")
    elif keyword == "RUN":
        runs.append(rest)
        for command in re.split(r"&&|\|\||;|\|", rest):
            words = shlex.split(command)
            if len(words) >= 2 and words[0] in ("apt-get", "apt") and "install" in words:
                for word in words[words.index("install") + 1:]:
                    if not word.startswith("-"):
                        packages.append(word)
    elif keyword == "COPY":
        words = shlex.split(rest)
        source = [w.split("=", 1)[1] for w in words if w.startswith("--from=")]
        paths = [w for w in words if not w.startswith("--")]
        if not source or len(paths) != 2:
            sys.exit(f"container: cannot emulate 'COPY {rest}' (only COPY --from=STAGE SRC DEST)")
        copies.append(f"{source[0]}\t{paths[0]}\t{paths[1]}")
    elif keyword == "ENV":
        words = shlex.split(rest)
        if words and "=" not in words[0]:  # legacy form: ENV KEY value
            env.append(f"{words[0]}={' '.join(words[1:])}")
        else:
            env.extend(words)
    elif keyword == "USER":
        user = rest
    elif keyword == "WORKDIR":
        workdir = rest
    elif keyword == "VOLUME":
        volumes.extend(json.loads(rest) if rest.startswith("[") else rest.split())
    elif keyword == "ENTRYPOINT":
        entrypoint = exec_form(rest)
    elif keyword == "HEALTHCHECK":
        match = re.search(r"\bCMD\b(.*)$", rest)
        if match:
            healthcheck = exec_form(match.group(1))
    elif keyword in ("EXPOSE", "STOPSIGNAL", "CMD", "LABEL", "ARG", "SHELL"):
        if keyword == "SHELL":
            sys.exit("container: cannot emulate SHELL in the runtime stage")
    else:
        sys.exit(f"container: cannot emulate {keyword} in the runtime stage")

# What the build stages take from the build context (COPY without --from).
context = []
for stage in stages[:-1]:
    for keyword, rest in stage:
        if keyword in ("COPY", "ADD"):
            words = [w for w in shlex.split(rest) if not w.startswith("--")]
            context.extend(words[:-1])
if not packages:
    sys.exit("container: the runtime stage installs no package with apt-get install")

write("packages", "\n".join(packages) + "\n")
for i, run in enumerate(runs):
    write(f"run-{i}.sh", run + "\n")
write("copies", "".join(c + "\n" for c in copies))
write("env", "".join(e + "\n" for e in env))
write("user", user + "\n")
write("workdir", workdir + "\n")
write("volumes", "".join(v + "\n" for v in volumes))
write("entrypoint", json.dumps(entrypoint) + "\n")
write("healthcheck", json.dumps(healthcheck) + "\n")
write("build-context", "".join(c + "\n" for c in context))
