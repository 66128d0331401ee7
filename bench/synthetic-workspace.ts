/**
 * A synthetic monorepo of ~20,000 files: one Django project plus the noise detection must skip
 * (node_modules, a virtualenv with a stray manage.py in site-packages, __pycache__, .git).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

function write(file: string, text: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
}

export function createSyntheticWorkspace(dir: string, totalFiles = 20_000): { dir: string; files: number } {
  let files = 0;
  const put = (rel: string, text: string) => { write(path.join(dir, rel), text); files++; };
  put('backend/manage.py', 'import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "shop.settings")\n');
  put('backend/requirements.txt', 'Django==4.2\ngunicorn==22.0\npsycopg[binary]==3.2\n');
  put('backend/shop/__init__.py', '');
  put('backend/shop/settings.py', 'WSGI_APPLICATION = "shop.wsgi.application"\nSTATIC_ROOT = "/app/static"\nDATABASES = {"default": {"ENGINE": "django.db.backends.postgresql"}}\n');
  put('backend/shop/wsgi.py', 'application = None\n');
  put('backend/.venv/pyvenv.cfg', 'home = /usr/bin\n');
  put('backend/.venv/lib/python3.12/site-packages/someapp/manage.py', 'print("not a project")\n');
  let i = 0;
  while (files < totalFiles) {
    const bucket = i % 10;
    if (bucket < 6) put(`frontend/node_modules/pkg${i % 700}/lib/file${i}.js`, 'module.exports = 1;\n');
    else if (bucket < 8) put(`backend/.venv/lib/python3.12/site-packages/dist${i % 300}/mod${i}.py`, 'x = 1\n');
    else if (bucket < 9) put(`backend/apps/app${i % 40}/module${i}.py`, 'def f():\n    return 1\n');
    else put(`backend/apps/app${i % 40}/__pycache__/module${i}.cpython-312.pyc`, 'binary');
    i++;
  }
  return { dir, files };
}

/** What a `**\/manage.py` glob without excludes does: walk everything. The baseline detection must beat. */
export async function naiveManagePyWalk(dir: string): Promise<string[]> {
  const found: string[] = [];
  const entries = await fs.promises.readdir(dir, { recursive: true, withFileTypes: true });
  for (const entry of entries) if (entry.isFile() && entry.name === 'manage.py') found.push(path.join(entry.parentPath ?? dir, entry.name));
  return found;
}
