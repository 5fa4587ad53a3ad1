// antd-mobile v5 renders Toast / Dialog / imperative popups with ReactDOM.render, which React 19 removed ("m is not a
// function" at run time). Its documented adapter (mobile.ant.design/guide/v5-for-19) gives it createRoot instead.
// Global to the citizen app: main.tsx imports it first, before any feature can show a Toast or Dialog.
import { unstableSetRender } from 'antd-mobile';
import { createRoot, type Root } from 'react-dom/client';

unstableSetRender((node, container) => {
  const c = container as (Element | DocumentFragment) & { _reactRoot?: Root };
  c._reactRoot ??= createRoot(container);
  const root = c._reactRoot;
  root.render(node);
  return async () => {
    await new Promise((resolve) => setTimeout(resolve, 0));
    root.unmount();
  };
});
