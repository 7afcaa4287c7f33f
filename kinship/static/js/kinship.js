// Progressive enhancement only: every page works without this file.
//
// We start each GOV.UK Frontend component we use ourselves, rather than with
// initAll(), so that "Exit this page" can be our own version (see below).
import {
  Button,
  CharacterCount,
  Checkboxes,
  createAll,
  ErrorSummary,
  ExitThisPage,
  NotificationBanner,
  PasswordInput,
  Radios,
  ServiceNavigation,
  SkipLink,
  Tabs
} from '../govuk/govuk-frontend.min.js'

// GOV.UK Frontend's "Exit this page" leaves by setting location.href, which
// keeps our page in the browser's history: pressing Back would bring it
// straight back. location.replace() swaps our page's history entry for the
// neutral site instead. Everything else (the overlay, the three-Shift-presses
// shortcut, the screen reader messages) is the component's own behaviour.
class KinshipExitThisPage extends ExitThisPage {
  exitPage () {
    if (!this.$updateSpan) {
      return
    }
    this.$updateSpan.textContent = ''
    document.body.classList.add('govuk-exit-this-page-hide-content')
    const overlay = document.createElement('div')
    overlay.className = 'govuk-exit-this-page-overlay'
    overlay.setAttribute('role', 'alert')
    overlay.textContent = this.i18n.t('activated')
    document.body.appendChild(overlay)
    this.$overlay = overlay
    window.location.replace(this.$button.href)
  }
}

for (const Component of [
  Button,
  CharacterCount,
  Checkboxes,
  ErrorSummary,
  KinshipExitThisPage,
  NotificationBanner,
  PasswordInput,
  Radios,
  ServiceNavigation,
  SkipLink,
  Tabs
]) {
  createAll(Component)
}
