/** The page shell of the dashboard and its sign-in and message pages. */
import type { Child } from 'hono/jsx';
import { raw } from 'hono/html';
import type { Person } from '../../core/org/types';
import { BASE_CSS, CARD_CSS } from '../render/styles';
import { OFFICE_CSS } from './styles';

export function Page({ title, viewer, children }: { title: string; viewer?: { person: Person; unitName: string }; children: Child }) {
  return (
    <html lang="zh-CN">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width,initial-scale=1" />
        <link rel="icon" href="data:," />
        <title>{title}</title>
        <style>{raw(BASE_CSS + CARD_CSS + OFFICE_CSS)}</style>
      </head>
      <body>
        <header class="bar">
          <h1>督办台</h1>
          {viewer ? (
            <nav aria-label="栏目">
              <a href="/office#ledger">台账</a>
              <a href="/office#bulletin">通报</a>
              <a href="/office#away">请假外出</a>
              <a href="/office/leave">请假台账</a>
              <a href="/office/documents">公文</a>
              <a href="/office/meetings">会议</a>
              <a href="/office/seals">用印</a>
              <a href="/office#failures">投递失败</a>
            </nav>
          ) : null}
          {viewer ? (
            <div class="me">
              <span>
                {viewer.person.name} · {viewer.unitName} {viewer.person.post}
              </span>
              <form method="post" action="/office/logout">
                <button type="submit" class="btn">
                  退出
                </button>
              </form>
            </div>
          ) : null}
        </header>
        {children}
      </body>
    </html>
  );
}

/** A full page with one message: 403, 404, a failed sign-in. */
export function MessagePage({ title, message, action }: { title: string; message: string; action?: { href: string; label: string } }) {
  return (
    <Page title={`${title} · 督办台`}>
      <main class="message-page">
        <h1>{title}</h1>
        <p>{message}</p>
        {action ? (
          <p>
            <a class="btn primary" href={action.href}>
              {action.label}
            </a>
          </p>
        ) : null}
      </main>
    </Page>
  );
}

export const renderPage = (node: unknown) => `<!doctype html>${String(node)}`;
