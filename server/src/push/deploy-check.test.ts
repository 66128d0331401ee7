import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { formatIssue, parseDeployCheck, seriousIssues } from './deploy-check';

/** Django 3.2's output for examples/mysite's production settings (stderr of a passing check). */
const WARNINGS_ONLY = `System check identified some issues:

WARNINGS:
?: (security.W004) You have not set a value for the SECURE_HSTS_SECONDS setting. If your entire site is served only over SSL, you may want to consider setting a value.
?: (security.W008) Your SECURE_SSL_REDIRECT setting is not set to True.

System check identified 2 issues (0 silenced).
`;

/** A failing check: SystemCheckError with errors, a hint, and warnings after them. */
const WITH_ERRORS = `SystemCheckError: System check identified some issues:

ERRORS:
?: (security.E101) The CSRF failure view 'pages.views.csrf' does not take the correct number of arguments.
pages.Page: (models.E015) 'ordering' refers to the nonexistent field, related field, or lookup 'nope'.
\tHINT: Did you mean 'name'?

WARNINGS:
?: (security.W018) You should not have DEBUG set to True in deployment.

System check identified 3 issues (0 silenced).
`;

const CRASH = `Traceback (most recent call last):
  File "/app/manage.py", line 22, in <module>
    main()
  File "/app/config/settings/production.py", line 7, in <module>
    SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
  File "/usr/lib/python3.11/os.py", line 679, in __getitem__
    raise KeyError(key) from None
KeyError: 'DJANGO_SECRET_KEY'
`;

describe('parseDeployCheck', () => {
  it('reads warnings with their ids and no serious issue', () => {
    const report = parseDeployCheck(WARNINGS_ONLY);
    assert.deepEqual(report.issues.map((i) => [i.level, i.id, i.object]), [['warning', 'security.W004', '?'], ['warning', 'security.W008', '?']]);
    assert.deepEqual(seriousIssues(report), []);
    assert.equal(report.crash, undefined);
    assert.equal(formatIssue(report.issues[1]), 'security.W008: Your SECURE_SSL_REDIRECT setting is not set to True.');
  });

  it('reads errors (with object and hint) apart from the warnings after them', () => {
    const report = parseDeployCheck(WITH_ERRORS);
    assert.deepEqual(seriousIssues(report).map((i) => i.id), ['security.E101', 'models.E015']);
    const model = report.issues.find((i) => i.id === 'models.E015')!;
    assert.equal(model.object, 'pages.Page');
    assert.equal(model.hint, "Did you mean 'name'?");
    assert.equal(report.issues.find((i) => i.id === 'security.W018')?.level, 'warning');
  });

  it('names the exception when the project cannot load', () => {
    const report = parseDeployCheck(CRASH);
    assert.deepEqual(report.issues, []);
    assert.equal(report.crash, "KeyError: 'DJANGO_SECRET_KEY'");
  });

  it('finds nothing in a clean run or in lines outside a section', () => {
    assert.deepEqual(parseDeployCheck('System check identified no issues (0 silenced).\n').issues, []);
    assert.deepEqual(parseDeployCheck('?: (security.W004) not under a heading\n').issues, []);
  });
});
