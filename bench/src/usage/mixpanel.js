import mixpanel from 'mixpanel-browser'
mixpanel.init('TOKEN')
mixpanel.track('signup', { plan: 'team' })
