/** Synthetic but realistic Dockerfiles of a given size: repeated multi-stage Django blocks. */

const BLOCK = (n: number) => `# Stage ${n}: dependencies
FROM python:3.12-slim-bookworm AS builder${n}
ENV PYTHONDONTWRITEBYTECODE=1 \\
    PYTHONUNBUFFERED=1
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends gcc libpq-dev \\
    && rm -rf /var/lib/apt/lists/*
COPY requirements.txt .
RUN python -m venv /opt/venv && /opt/venv/bin/pip install --no-cache-dir -r requirements.txt
FROM python:3.12-slim-bookworm AS runtime${n}
ENV PATH=/opt/venv/bin:$PATH
RUN apt-get update && apt-get install -y --no-install-recommends libpq5 \\
    && rm -rf /var/lib/apt/lists/*
COPY --from=builder${n} /opt/venv /opt/venv
WORKDIR /app
COPY . .
RUN useradd --system --uid 10001 app
USER 10001
EXPOSE 8000
CMD ["gunicorn", "--bind", "0.0.0.0:8000", "config.wsgi:application"]
`;

/** A Dockerfile of about `lines` lines (never fewer). */
export function dockerfileOfLines(lines: number): string {
  const block = BLOCK(0).split('\n').length - 1;
  let text = '';
  for (let n = 0; text.split('\n').length - 1 < lines; n++) text += BLOCK(n);
  void block;
  return text;
}

export function lineCount(text: string): number {
  return text.split('\n').length - 1;
}
