import posthog from 'posthog-js/dist/module.slim'
posthog.init('phc_KEY', { api_host: 'https://us.i.posthog.com' })
posthog.capture('signup', { plan: 'team' })
