# syntax=docker/dockerfile:1
# lifecue: one image for every role (`lifecue serve --services NAME`, `lifecue worker`).
#   docker build -t lifecue:0.1.0 .
#   docker run --rm -e MONGODB_URI=mongodb://... -p 50051:50051 lifecue:0.1.0 serve
# tests/test_dockerfile.py checks what can be checked without a Docker engine.

ARG PYTHON_IMAGE=python:3.11-slim-bookworm

FROM ${PYTHON_IMAGE} AS build
# The CPU build of torch: the default wheel bundles CUDA libraries (gigabytes) no pod uses.
ARG TORCH_INDEX_URL=https://download.pytorch.org/whl/cpu
ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    VIRTUAL_ENV=/opt/lifecue \
    PATH=/opt/lifecue/bin:$PATH
RUN python -m venv /opt/lifecue \
 && pip install --upgrade pip
# torch first, in its own layer: the largest dependency and the one that changes least. The
# +cpu local version exists only on PyTorch's index (PyPI refuses local versions), and it
# satisfies the project's torch==2.13.0 pin, so the install below keeps it.
RUN pip install --extra-index-url "${TORCH_INDEX_URL}" "torch==2.13.0+cpu"
WORKDIR /src
COPY pyproject.toml README.md ./
COPY lifecue/ lifecue/
COPY lifeevents/ lifeevents/
COPY genome_store/ genome_store/
COPY loyalty/ loyalty/
COPY recommender/ recommender/
COPY services/ services/
# A regular (not editable) install: the packages, the generated gRPC code and the shipped
# classifier model (lifeevents/model, package data) land in the venv's site-packages.
RUN pip install . \
 && python -c "from importlib.resources import files; assert (files('lifeevents') / 'model' / 'current.json').is_file()"
# The encoder's int8 ONNX build (the default, LIFECUE_LIFEEVENTS__ENCODER_BUILD) of the shipped model,
# exported here once so that no pod exports it at start; read from /opt/lifecue, read-only at run time.
RUN HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 lifecue export-encoder --to /opt/lifecue/encoder-builds

FROM ${PYTHON_IMAGE} AS runtime
LABEL org.opencontainers.image.title="lifecue" \
      org.opencontainers.image.description="Life-event-driven retail personalisation over gRPC" \
      org.opencontainers.image.licenses="Apache-2.0"
RUN groupadd --system --gid 10001 lifecue \
 && useradd --system --uid 10001 --gid 10001 --home-dir /var/lib/lifecue --no-create-home lifecue \
 && install -d -o 10001 -g 10001 -m 0750 /var/lib/lifecue
COPY --from=build /opt/lifecue /opt/lifecue
# No run-time downloads (models ship in the image); caches go to /tmp, which Kubernetes
# mounts as an emptyDir beside a read-only root filesystem.
ENV PATH=/opt/lifecue/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    HF_HUB_OFFLINE=1 \
    TRANSFORMERS_OFFLINE=1 \
    HF_HOME=/tmp/huggingface \
    XDG_CACHE_HOME=/tmp/cache \
    HOME=/var/lib/lifecue \
    LIFECUE_STATE_DIR=/var/lib/lifecue \
    LIFECUE_LIFEEVENTS__BUILD_CACHE=/opt/lifecue/encoder-builds \
    LIFECUE_SERVER__HOST=0.0.0.0 \
    LIFECUE_SERVER__PORT=50051 \
    LIFECUE_SERVER__HEALTH_PORT=50052 \
    LIFECUE_SERVER__METRICS_PORT=9090
WORKDIR /var/lib/lifecue
# Numeric, so that Kubernetes' runAsNonRoot can verify it.
USER 10001:10001
EXPOSE 50051 50052 9090
# `python -m services.healthcheck` is `lifecue health` without loading the whole command line.
HEALTHCHECK --interval=30s --timeout=5s --start-period=120s --retries=3 \
    CMD ["python", "-m", "services.healthcheck"]
ENTRYPOINT ["lifecue"]
CMD ["serve"]
