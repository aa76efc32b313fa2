import mixpanel from 'mixpanel-browser/src/loaders/loader-module-core'
mixpanel.init('TOKEN')
mixpanel.track('signup', { plan: 'team' })
