# Không Ma Túy: the production server (gunicorn with config/gunicorn_conf.py, as `make serve`).
# Started with PostgreSQL by compose.yaml (`docker compose up`); see docs/deployment.md.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=config.settings.base \
    KMT_VAR_DIR=/var/lib/khongmatuy \
    KMT_STATIC_ROOT=/app/static \
    HOST=0.0.0.0 \
    PORT=8000

RUN groupadd --system kmt \
    && useradd --system --gid kmt --home-dir /app --no-create-home --shell /usr/sbin/nologin kmt

# Report PDFs: LibreOffice headless and Times-compatible fonts with Vietnamese letters.
RUN apt-get update \
    && apt-get install -y --no-install-recommends libreoffice-writer-nogui fonts-liberation2 \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
# The pinned runtime requirements only (no test tools), in their own layer.
COPY requirements/base.txt requirements/base.txt
RUN pip install --no-compile -r requirements/base.txt

COPY . .
# Static files are collected into the image; a key is needed to load the settings, not kept.
RUN DJANGO_SECRET_KEY=collectstatic-only python manage.py collectstatic --noinput -v 0 \
    && mkdir -p /var/lib/khongmatuy/media \
    && chown -R kmt:kmt /var/lib/khongmatuy

USER kmt
VOLUME ["/var/lib/khongmatuy"]
EXPOSE 8000
CMD ["gunicorn", "-c", "config/gunicorn_conf.py"]
