FROM python:3.11-slim
WORKDIR /app
COPY pyproject.toml README.md ./
COPY idcore ./idcore
COPY mockidp ./mockidp
COPY mockscim ./mockscim
COPY harness ./harness
COPY fixtures ./fixtures
RUN pip install --no-cache-dir ".[pg]"
EXPOSE 5000 5001 5002
CMD ["scimulator", "up", "--host", "0.0.0.0"]
