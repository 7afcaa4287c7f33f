// Copies the parts of GOV.UK Frontend (and GOV.UK's accessible autocomplete)
// that the site serves into build/static.
//
// Only the JavaScript: GOV.UK Frontend's images are the Crown's, which we do
// not use, and its font is GDS Transport, which we do not use either. Our own
// favicon and icons live in kinship/static/images. axe-core is for the tests
// only: they read it from node_modules.
import { copyFile, mkdir } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const govuk = join(root, 'node_modules', 'govuk-frontend', 'dist', 'govuk')
const out = join(root, 'build', 'static')

// The source map goes too: the script names it, and Django's collectstatic
// refuses a file that names a file it cannot find.
const autocomplete = join(root, 'node_modules', 'accessible-autocomplete', 'dist')
const files = [
  ...['govuk-frontend.min.js', 'govuk-frontend.min.js.map'].map((name) => [
    join(govuk, name),
    join(out, 'govuk', name)
  ]),
  // GOV.UK's accessible autocomplete, which enhances long select lists
  // (the council chooser) on the pages that ask for it.
  ...[
    'accessible-autocomplete.min.js',
    'accessible-autocomplete.min.js.map',
    'accessible-autocomplete.min.css',
    'accessible-autocomplete.min.css.map'
  ].map((name) => [join(autocomplete, name), join(out, 'autocomplete', name)])
]

for (const [from, to] of files) {
  await mkdir(dirname(to), { recursive: true })
  await copyFile(from, to)
  console.log(`copied ${from.slice(root.length + 1)} to ${to.slice(root.length + 1)}`)
}
