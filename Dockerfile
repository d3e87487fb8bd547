# hojokin: a static binary with the catalog and Swagger UI embedded, on an empty base image.

FROM rust:1.95-bookworm AS build
WORKDIR /src
# getrandom's default backend finds getrandom(3) through dlsym, which a static binary cannot, and
# falls back to reading /dev/urandom; this backend calls the system call directly.
ENV RUSTFLAGS="-C target-feature=+crt-static --cfg getrandom_backend=\"linux_getrandom\""
# Dependencies first, so this layer is cached until Cargo.toml or Cargo.lock change. The manifest
# names the benches, so cargo needs their files to read it (they are not built).
COPY Cargo.toml Cargo.lock ./
COPY benches ./benches
RUN mkdir -p src && printf 'fn main() {}\n' > src/main.rs && touch src/lib.rs \
    && cargo build --release --locked --target x86_64-unknown-linux-gnu \
    && rm -rf src
# Everything the binary embeds at build time must be copied here: the catalog and the checker's
# committed bundle (include_dir!), and the build script that rebuilds when they change.
COPY build.rs ./
COPY src ./src
COPY catalog ./catalog
COPY web/dist ./web/dist
RUN touch src/main.rs src/lib.rs \
    && cargo build --release --locked --target x86_64-unknown-linux-gnu \
    && strip target/x86_64-unknown-linux-gnu/release/hojokin

# scripts/image.sh builds this stage as it is, with the binary from its own static build.
FROM scratch
COPY --from=build /src/target/x86_64-unknown-linux-gnu/release/hojokin /hojokin
ENV HOJOKIN_HOST=0.0.0.0 \
    HOJOKIN_PORT=8080 \
    HOJOKIN_LOG_FORMAT=json
USER 65532:65532
EXPOSE 8080
ENTRYPOINT ["/hojokin"]
