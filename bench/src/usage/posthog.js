import posthog from 'posthog-js'
posthog.init('phc_KEY', { api_host: 'https://us.i.posthog.com' })
posthog.capture('signup', { plan: 'team' })
