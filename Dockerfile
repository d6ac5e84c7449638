# The auditor as a container: `docker build -t auditor .`
#   docker run --rm -v "$PWD/auditor.toml:/etc/auditor/auditor.toml:ro" auditor config check
#   docker run -d -v "$PWD/auditor.toml:/etc/auditor/auditor.toml:ro" -v auditor-data:/var/lib/auditor auditor
# The default command is the daemon (`auditor schedule`); see docker-compose.yml for a whole stack.

# Build the wheel in a throw-away stage so no source tree or build tool stays in the image.
FROM python:3.11-slim AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /src
COPY pyproject.toml README.md ./
COPY auditor ./auditor
# auditor/rulesets is a symlink to ../rules: without this the wheel has no built-in rulesets
COPY rules ./rules
RUN pip wheel --no-deps --wheel-dir /wheels .

FROM python:3.11-slim
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 \
    AUDITOR_CONFIG=/etc/auditor/auditor.toml
COPY --from=build /wheels /wheels
# the postgres extra brings psycopg's binary wheel: no libpq or compiler needed
RUN pip install "$(ls /wheels/auditor-*.whl)[postgres]" && rm -rf /wheels

# A dedicated user with a home; /var/lib/auditor is its one writable folder: a SQLite
# database (url = "sqlite:////var/lib/auditor/auditor.db"), reports and bulletin previews.
RUN useradd --system --create-home --home-dir /home/auditor --shell /usr/sbin/nologin auditor \
 && mkdir -p /var/lib/auditor /etc/auditor \
 && chown auditor:auditor /var/lib/auditor
USER auditor
WORKDIR /var/lib/auditor

# `auditor schedule` stops cleanly on SIGTERM: running audits are marked interrupted and
# redone on the next start. Give it time: `docker stop -t 120` (compose: stop_grace_period).
STOPSIGNAL SIGTERM

# Honest about one thing only: the config loads and the database answers a query
# (`runs` opens the store and reads the latest run). A dead daemon needs no check, since
# it is the container's main process and the container stops with it.
# Where the password comes from a secret file, the compose file overrides this check.
HEALTHCHECK --interval=5m --timeout=60s --start-period=2m --retries=3 \
    CMD ["auditor", "runs", "--limit", "1", "--format", "json"]

ENTRYPOINT ["auditor"]
CMD ["schedule"]
