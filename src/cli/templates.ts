import { readFileSync, writeFileSync } from 'node:fs';
import { PAYLOAD_VERSIONS, type PayloadVersion } from '../core/event-types.js';
import { parseTemplates } from '../catalogue/template-file.js';
import { parseCaptures } from '../recording/capture-file.js';
import { inferTemplates, type FieldReport } from '../recording/infer-templates.js';
import { defineSubcommand } from './define-subcommand.js';

export const TEMPLATES_HELP = `Usage:
  solarproof-mock templates --from FILE.jsonl [--out templates.json] [--version v1|v2]

Writes a world.templatesFile from captured payloads (\`solarproof-mock record\`): for each event type
and payload version found (the last capture of each wins), the captured field names, order and
shape, each value mapped to the world path that fits it ({{customer.email}} for the field that
holds an e-mail; numbers stay numbers) or kept as the captured literal. A report of which fields
were mapped and which kept goes to stderr. Start the emulator with --config naming the file as
world.templatesFile, and generated events take the captured shape. Redact first (record --redact):
a kept literal is copied as captured.

  --from FILE     the capture file
  --out FILE      where to write the templates (default: stdout)
  --version V     the payload version of every capture (default: arrays are v2; an object is v1,
                  or v2 for customer_created without pkcustomerid)

Exit codes: 0 written, 1 nothing usable in the captures, 2 usage error or an unreadable file.`;

/** `solarproof-mock templates --from`: templates from captures. */
export const runTemplates = defineSubcommand({
  name: 'templates',
  help: TEMPLATES_HELP,
  options: {
    from: { type: 'string' },
    out: { type: 'string' },
    version: { type: 'string' },
  },
  async run({ values, positionals, out, err, usage }) {
    if (positionals.length > 0) return usage(`unexpected argument "${positionals[0]}"`);
    if (values.from === undefined) return usage('--from FILE.jsonl is required');
    const version = values.version;
    if (version !== undefined && !(PAYLOAD_VERSIONS as readonly string[]).includes(version)) return usage(`--version must be one of ${PAYLOAD_VERSIONS.join(', ')}, got "${version}"`);
    let inferred: ReturnType<typeof inferTemplates>;
    try {
      inferred = inferTemplates(parseCaptures(readFileSync(values.from, 'utf8'), values.from), version as PayloadVersion | undefined);
      // The same check the emulator makes at start, so a file written here always loads.
      parseTemplates(inferred.templates, values.out ?? 'templates');
    } catch (e) {
      err.write(`solarproof-mock templates: ${(e as Error).message}\n`);
      return 2;
    }
    for (const s of inferred.skipped) err.write(`skipped ${s}\n`);
    if (inferred.report.length === 0) {
      err.write('No capture holds a payload of a known event type; nothing written.\n');
      return 1;
    }
    err.write(reportText(inferred.report));
    const json = `${JSON.stringify(inferred.templates, null, 2)}\n`;
    if (values.out === undefined) out.write(json);
    else writeFileSync(values.out, json);
    return 0;
  },
});

/** `customer_created v2: 21 fields, 18 mapped, 3 kept` and one line per field. */
export function reportText(report: readonly FieldReport[]): string {
  const groups = new Map<string, FieldReport[]>();
  for (const r of report) groups.set(`${r.type} ${r.version}`, [...(groups.get(`${r.type} ${r.version}`) ?? []), r]);
  let text = '';
  for (const [label, fields] of groups) {
    const mapped = fields.filter((f) => f.mapped !== undefined).length;
    text += `${label}: ${fields.length} fields, ${mapped} mapped, ${fields.length - mapped} kept\n`;
    for (const f of fields) text += f.mapped !== undefined ? `  ${f.field} <- {{${f.mapped}}}\n` : `  ${f.field} = kept as captured (${f.kept})\n`;
  }
  return text;
}
