# One image for web, worker and beat.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 VAR_DIR=/app/var STATIC_ROOT=/app/var/static
WORKDIR /app

COPY requirements.txt ./
RUN pip install --no-cache-dir -r requirements.txt

COPY . .
# collectstatic needs settings but no secret worth keeping.
RUN pybabel compile -d locale -D django \
    && DEBUG=1 python manage.py collectstatic --no-input \
    && useradd --system --home /app tracker && chown -R tracker /app/var
USER tracker

EXPOSE 8000
CMD ["gunicorn", "tracker.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
