# zoom2kaltura: multi-stage build. The build stage compiles a release binary with the Swift
# runtime linked statically; the runtime stage is slim Debian with only the C libraries the
# binary links (libcurl, OpenSSL, SQLite, libpq, zlib) and CA certificates.
# Build:  docker build -t zoom2kaltura .
# Run:    see README.md ("Container").
# `make test` lints this file (hadolint) and rebuilds the runtime stage as a chroot, running
# `zoom2kaltura demo` and the HEALTHCHECK in it (scripts/checks/container).

# The toolchain `make test` builds and tests with (Swift 6.3, Debian 12).
FROM swift:6.3-bookworm AS build
WORKDIR /src
# DL3008 (pin apt package versions): not pinned on purpose. Debian bookworm takes only security
# and bug fixes, and a pinned version disappears from the mirror at the next point release,
# which would break every build; the versions come from the base image's suite instead.
# hadolint ignore=DL3008
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      libcurl4-openssl-dev libssl-dev libsqlite3-dev libpq-dev zlib1g-dev pkg-config \
 && rm -rf /var/lib/apt/lists/*
# Package.swift declares targets under all three directories; it does not load without them.
COPY Package.swift ./
COPY Sources ./Sources
COPY Tests ./Tests
COPY Benchmarks ./Benchmarks
RUN swift build -c release --product zoom2kaltura --static-swift-stdlib \
 && install -D -m 0755 "$(swift build -c release --show-bin-path)/zoom2kaltura" /out/zoom2kaltura

FROM debian:bookworm-slim AS runtime
# DL3008: as above, security updates wanted, versions not pinned.
# The service's user has a fixed uid outside the system range (--no-log-init: no sparse
# lastlog entry for it). The data directory exists in the image, owned by that user: a new
# named volume mounted there copies this ownership (a path missing from the image is root's).
# hadolint ignore=DL3008
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      ca-certificates libcurl4 libssl3 libsqlite3-0 libpq5 zlib1g \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --gid 10001 zoom2kaltura \
 && useradd --no-log-init --uid 10001 --gid 10001 --home-dir /var/lib/zoom2kaltura --create-home \
      --shell /usr/sbin/nologin zoom2kaltura \
 && install -d -o 10001 -g 10001 -m 0750 /var/lib/zoom2kaltura/data
COPY --from=build /out/zoom2kaltura /usr/local/bin/zoom2kaltura
# Numeric, so that a runtime checking runAsNonRoot (Kubernetes) can verify it.
USER 10001:10001
WORKDIR /var/lib/zoom2kaltura
ENV LISTEN=0.0.0.0:8080 \
    DATABASE_URL=sqlite:/var/lib/zoom2kaltura/data/zoom2kaltura.db
VOLUME ["/var/lib/zoom2kaltura/data"]
EXPOSE 8080
STOPSIGNAL SIGTERM
HEALTHCHECK --interval=30s --timeout=3s --start-period=10s --retries=3 \
  CMD ["/usr/local/bin/zoom2kaltura", "healthcheck"]
ENTRYPOINT ["/usr/local/bin/zoom2kaltura"]
CMD ["serve"]
