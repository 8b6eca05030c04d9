# zoom2kaltura: multi-stage build. The build stage compiles a release binary with the Swift
# runtime linked statically; the runtime stage is slim Debian with only the C libraries the
# binary links (libcurl, OpenSSL, SQLite, libpq, zlib) and CA certificates.
# Build:  docker build -t zoom2kaltura .
# Run:    see README.md ("Container").

FROM swift:6.1-bookworm AS build
WORKDIR /src
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      libcurl4-openssl-dev libssl-dev libsqlite3-dev libpq-dev zlib1g-dev pkg-config \
 && rm -rf /var/lib/apt/lists/*
COPY Package.swift ./
COPY Sources ./Sources
RUN swift build -c release --product zoom2kaltura --static-swift-stdlib \
 && install -D -m 0755 "$(swift build -c release --show-bin-path)/zoom2kaltura" /out/zoom2kaltura

FROM debian:bookworm-slim AS runtime
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      ca-certificates libcurl4 libssl3 libsqlite3-0 libpq5 zlib1g \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --home-dir /var/lib/zoom2kaltura --create-home zoom2kaltura
COPY --from=build /out/zoom2kaltura /usr/local/bin/zoom2kaltura
USER zoom2kaltura
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
