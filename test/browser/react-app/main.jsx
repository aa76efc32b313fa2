/** A React Router 7 data router over the three pages, mounted on #root. */
import { createRoot } from 'react-dom/client'
import { createBrowserRouter } from 'react-router'
import { RouterProvider } from 'react-router/dom'
import { Home, Layout, Order, Pricing } from './pages'

const router = createBrowserRouter([
  {
    path: '/',
    element: <Layout />,
    children: [
      { index: true, element: <Home /> },
      { path: 'pricing', element: <Pricing /> },
      { path: 'orders/:id', element: <Order /> },
    ],
  },
])

createRoot(document.getElementById('root')).render(<RouterProvider router={router} />)
