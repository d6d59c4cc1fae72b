# onrecord with Tesseract and the English model, for `onrecord ingest --cluster` workers, the
# scheduler and the client alike (see deploy/README.md).
#   docker build -t onrecord .
FROM python:3.11-slim

RUN apt-get update -qq \
    && apt-get install -y -qq --no-install-recommends tesseract-ocr tesseract-ocr-eng \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /opt/onrecord
COPY pyproject.toml README.md LICENSE metadata.yml ./
COPY ingest ingest
COPY nlp nlp
COPY db db
COPY onrecord onrecord
COPY sources sources
# The extra dask brings dask[distributed], fsspec and s3fs; model the English spaCy model.
RUN pip install --no-cache-dir '.[dask,model]' bokeh

# A worker's readers are its child processes (each file under its own time and memory cap),
# which Dask allows only when its worker processes are not daemonic.
ENV DASK_DISTRIBUTED__WORKER__DAEMON=False

WORKDIR /work
CMD ["onrecord", "--help"]
