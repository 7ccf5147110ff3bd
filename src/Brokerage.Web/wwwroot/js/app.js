// Brokerage front-end entry point, loaded by _Layout.cshtml as
// <script type="module" src="/js/app.js">. There are no inline scripts: the
// content security policy does not allow them.

import { initAll } from '/lib/govuk-frontend/govuk-frontend.min.js'
import { initAll as initMojAll } from '/lib/moj-frontend/moj-frontend.min.js'

// GOV.UK Frontend's page template normally adds these classes with an inline
// <script> at the top of <body>. Browsers that run ES modules are exactly the
// ones GOV.UK Frontend supports, so adding them here is equivalent. Module
// scripts are deferred, so document.body exists by now. This must run before
// initAll(): components only initialise when govuk-frontend-supported is set.
document.body.className += ' js-enabled govuk-frontend-supported'

// Every GOV.UK component with a data-module attribute
// (govuk-service-navigation, govuk-error-summary, govuk-skip-link, ...).
initAll()

// MOJ Frontend components, for example data-module="moj-sortable-table".
initMojAll()
