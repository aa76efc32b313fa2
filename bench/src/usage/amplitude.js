import * as amplitude from '@amplitude/analytics-browser'
amplitude.init('API_KEY')
amplitude.track('signup', { plan: 'team' })
