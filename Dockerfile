# hojokin: a static binary with the catalog and Swagger UI embedded, on an empty base image.

FROM rust:1.95-bookworm AS build
WORKDIR /src
ENV RUSTFLAGS="-C target-feature=+crt-static"
# Dependencies first, so this layer is cached until Cargo.toml or Cargo.lock change.
COPY Cargo.toml Cargo.lock ./
RUN mkdir -p src && printf 'fn main() {}\n' > src/main.rs && touch src/lib.rs \
    && cargo build --release --locked --target x86_64-unknown-linux-gnu \
    && rm -rf src
COPY src ./src
COPY catalog ./catalog
RUN touch src/main.rs src/lib.rs \
    && cargo build --release --locked --target x86_64-unknown-linux-gnu \
    && strip target/x86_64-unknown-linux-gnu/release/hojokin

FROM scratch
COPY --from=build /src/target/x86_64-unknown-linux-gnu/release/hojokin /hojokin
ENV HOJOKIN_HOST=0.0.0.0 \
    HOJOKIN_PORT=8080 \
    HOJOKIN_LOG_FORMAT=json
USER 65532:65532
EXPOSE 8080
ENTRYPOINT ["/hojokin"]
