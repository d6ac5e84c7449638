FROM python:3.11-slim
WORKDIR /app
COPY pyproject.toml README.md ./
COPY auditor ./auditor
COPY rules ./rules
RUN pip install --no-cache-dir '.[postgres]'
USER nobody
ENTRYPOINT []
CMD ["auditor", "--help"]
