# The urlcheck container image: the portable binary (every library but glibc
# linked in, scripts/build-portable.sh) on a slim Debian with CA
# certificates, run as a user that is not root.
#
#   docker build -t urlcheck .
#   docker run --rm -v "$PWD:/work" urlcheck urls.txt
#   docker run --rm --network=host urlcheck http://127.0.0.1:8080/health
#
# The base images are arguments so that a machine that cannot pull from
# Docker Hub can build on images of its own making (scripts/container-test.sh
# builds them with debootstrap); the defaults are what a release uses.
ARG BUILD_IMAGE=docker.io/library/debian:12
ARG RUN_IMAGE=docker.io/library/debian:12-slim

FROM ${BUILD_IMAGE} AS build
# The dependencies first, on their own layer: it is rebuilt only when
# install-deps.sh changes, not on every source change. ccache (with a cache
# mount below) makes a rebuild after a source change take seconds on a
# machine that keeps its build cache.
COPY scripts/install-deps.sh /src/scripts/install-deps.sh
# --build-only: the compiler and the libraries, not the test suite's readers
# (Chromium, clang, lintian: minutes and gigabytes the image never uses).
RUN /src/scripts/install-deps.sh --build-only \
    && apt-get install -y -qq --no-install-recommends ccache \
    && rm -rf /var/lib/apt/lists/*
COPY . /src
WORKDIR /src
ENV CCACHE_DIR=/root/.cache/ccache
# The commit --version names: .git is not copied in (.dockerignore).
ARG COMMIT=
RUN --mount=type=cache,target=/root/.cache/ccache,id=urlcheck-ccache \
    binary=$(URLCHECK_COMMIT="$COMMIT" scripts/build-portable.sh /build | tail -n 1) \
    && install -D -m 0755 "$binary" /out/urlcheck \
    && /out/urlcheck --version

FROM ${RUN_IMAGE}
# Set by the release workflow: the tag's version and the repository's URL.
ARG VERSION=unknown
ARG SOURCE=
LABEL org.opencontainers.image.title="urlcheck" \
      org.opencontainers.image.description="Check that URLs are up and report the ones that are down" \
      org.opencontainers.image.source="${SOURCE}" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.licenses="MIT"
# HTTPS needs a CA store; the binary finds Debian's at /etc/ssl/certs.
RUN apt-get update -qq \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends ca-certificates \
    && apt-get clean && rm -rf /var/lib/apt/lists/* /var/log/apt /var/log/dpkg.log \
    && useradd --uid 10001 --user-group --no-create-home --home-dir /nonexistent \
        --shell /usr/sbin/nologin urlcheck
COPY --from=build /out/urlcheck /usr/local/bin/urlcheck
# A fixed UID, so that a Kubernetes runAsNonRoot check and a volume's
# permissions can name it.
USER 10001:10001
# Lists are read relative to the working directory: mount them here.
WORKDIR /work
ENTRYPOINT ["urlcheck"]
CMD ["--help"]
