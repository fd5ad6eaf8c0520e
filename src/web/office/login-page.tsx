/** /office/login: Feishu web login where configured; in the sandbox, "sign in as" any person. */
import type { Directory } from '../../core/org/directory';
import type { Person } from '../../core/org/types';
import { Page } from './layout';
import { mayUseOffice } from './access';

function PeopleButtons({ people, dir }: { people: Person[]; dir: Directory }) {
  const units = dir.units.filter((u) => people.some((p) => p.unitId === u.id));
  return (
    <div>
      {units.map((unit) => (
        <div>
          <h3 class="unit-title">{unit.name}</h3>
          <ul class="people">
            {people
              .filter((p) => p.unitId === unit.id)
              .map((p) => (
                <li>
                  <button type="submit" name="person" value={p.id}>
                    <b>{p.name}</b>
                    <span>{p.post}</span>
                  </button>
                </li>
              ))}
          </ul>
        </div>
      ))}
    </div>
  );
}

export function LoginPage({ dir, sandbox, feishu, error }: { dir: Directory; sandbox: boolean; feishu: boolean; error?: string }) {
  const allowed = dir.people.filter(mayUseOffice);
  const others = dir.people.filter((p) => !mayUseOffice(p));
  return (
    <Page title="登录 · 督办台">
      <main class="login">
        <section class="panel">
          <h2>登录督办台</h2>
          <p class="note">督办台供区政府办督查人员和区领导查看督查台账、通报、请假外出和投递情况，并导出台账。</p>
          {error ? (
            <p class="error-box" role="alert">
              {error}
            </p>
          ) : null}
          {feishu ? (
            <p>
              <a class="btn primary" href="/office/login?via=feishu">
                使用飞书登录
              </a>
            </p>
          ) : null}
          {!feishu && !sandbox ? (
            <p class="error-box">尚未配置登录方式：请配置飞书应用（FEISHU_APP_ID、FEISHU_APP_SECRET）以使用飞书登录，或在本地启用沙盒。</p>
          ) : null}
        </section>
        {sandbox ? (
          <section class="panel">
            <h2>
              沙盒：以某人身份登录 <small>仅用于体验，任何人都可以选择任何身份</small>
            </h2>
            <form method="post" action="/office/login/sandbox">
              <PeopleButtons people={allowed} dir={dir} />
              <details>
                <summary class="unit-title">其他人员（无权使用督办台，可用于查看拒绝访问的效果）</summary>
                <PeopleButtons people={others} dir={dir} />
              </details>
            </form>
          </section>
        ) : null}
      </main>
    </Page>
  );
}
