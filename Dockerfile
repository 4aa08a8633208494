# Kinerja's image: the web app (gunicorn), the Celery worker and Celery beat all run from it (docker-compose.yml).
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1

# Pango and HarfBuzz for WeasyPrint's PDFs, a font for them, gettext's msgfmt for compiletranslations.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core gettext \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY requirements.txt ./
RUN pip install -r requirements.txt

RUN useradd --system --create-home --home-dir /home/kinerja kinerja
# Only what the app needs (no .venv, .data or .git from the build context).
COPY --chown=kinerja:kinerja manage.py Procfile ./
COPY --chown=kinerja:kinerja kinerja ./kinerja
COPY --chown=kinerja:kinerja apps ./apps
COPY --chown=kinerja:kinerja templates ./templates
COPY --chown=kinerja:kinerja static ./static
COPY --chown=kinerja:kinerja locale ./locale
RUN mkdir -p /app/.data/media /app/.data/staticfiles && chown -R kinerja:kinerja /app/.data

USER kinerja
EXPOSE 8000
CMD ["gunicorn", "kinerja.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-", "--no-control-socket"]
