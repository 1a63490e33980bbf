"""parse_curl on command lines written the way API documentation and browsers write them.

Every expected spec is complete: a field the importer gets wrong anywhere fails the comparison.
Tokens and keys below are invented.
"""

from __future__ import annotations

from typing import Any

import pytest

from workbench.engine.spec import TLS, Auth, Body, Field, Options, Part, Proxy, RequestSpec
from workbench.formats.curl import parse_curl, read_curl

CURL = Options(follow_redirects=False, decode=False)
"""What a command without -L and --compressed means."""
FORM = "application/x-www-form-urlencoded"
JSON = "application/json"
NO_BODY, NO_AUTH, SYSTEM_PROXY = Body(), Auth(), Proxy()


def req(
    url: str,
    method: str = "GET",
    *,
    headers: tuple[tuple[str, str], ...] = (),
    body: Body = NO_BODY,
    auth: Auth = NO_AUTH,
    proxy: Proxy = SYSTEM_PROXY,
    **options: Any,
) -> RequestSpec:
    """A spec with curl's defaults (no redirects followed, nothing decoded)."""
    return RequestSpec(
        url,
        method,
        headers=tuple(Field(n, v) for n, v in headers),
        body=body,
        auth=auth,
        proxy=proxy,
        options=CURL._replace(**options),
    )


def raw(text: str, content_type: str = FORM) -> Body:
    return Body(kind="raw", text=text, content_type=content_type)


CASES = [
    pytest.param(
        """curl -L \\
  -H "Accept: application/vnd.github+json" \\
  -H "Authorization: Bearer ghp_exampleexampleexample" \\
  -H "X-GitHub-Api-Version: 2022-11-28" \\
  https://api.github.com/repos/OWNER/REPO/issues""",
        req(
            "https://api.github.com/repos/OWNER/REPO/issues",
            headers=(
                ("Accept", "application/vnd.github+json"),
                ("Authorization", "Bearer ghp_exampleexampleexample"),
                ("X-GitHub-Api-Version", "2022-11-28"),
            ),
            follow_redirects=True,
        ),
        id="github-list-issues",
    ),
    pytest.param(
        """curl -L \\
  -X POST \\
  -H "Accept: application/vnd.github+json" \\
  -H "Authorization: Bearer $GITHUB_TOKEN" \\
  https://api.github.com/repos/OWNER/REPO/issues \\
  -d '{"title":"Found a bug","body":"I'\\''m having a problem with this.","labels":["bug"]}'""",
        req(
            "https://api.github.com/repos/OWNER/REPO/issues",
            "POST",
            headers=(
                ("Accept", "application/vnd.github+json"),
                ("Authorization", "Bearer {{GITHUB_TOKEN}}"),
            ),
            body=raw(
                '{"title":"Found a bug","body":"I\'m having a problem with this.","labels":["bug"]}'
            ),
            follow_redirects=True,
        ),
        id="github-create-issue",
    ),
    pytest.param(
        """curl https://api.stripe.com/v1/customers \\
  -u "sk_test_exampleExample123:" \\
  -d name="Jenny Rosen" \\
  --data-urlencode email="jennyrosen@example.com\"""",
        req(
            "https://api.stripe.com/v1/customers",
            "POST",
            body=raw("name=Jenny Rosen&email=jennyrosen%40example.com"),
            auth=Auth(kind="basic", username="sk_test_exampleExample123", preemptive=True),
        ),
        id="stripe-create-customer",
    ),
    pytest.param(
        "curl -G https://api.stripe.com/v1/charges -u sk_test_example: -d limit=3",
        req(
            "https://api.stripe.com/v1/charges?limit=3",
            auth=Auth(kind="basic", username="sk_test_example", preemptive=True),
        ),
        id="stripe-list-with-G",
    ),
    pytest.param(
        """curl https://api.stripe.com/v1/payment_intents \\
  -u sk_test_example: \\
  -d amount=2000 \\
  -d currency=usd \\
  -d "automatic_payment_methods[enabled]"=true""",
        req(
            "https://api.stripe.com/v1/payment_intents",
            "POST",
            body=raw("amount=2000&currency=usd&automatic_payment_methods[enabled]=true"),
            auth=Auth(kind="basic", username="sk_test_example", preemptive=True),
        ),
        id="stripe-repeated-d",
    ),
    pytest.param(
        """curl -X POST -H 'Content-type: application/json' --data '{"text":"Hello, World!"}' https://hooks.slack.com/services/T000/B000/XXXX""",
        req(
            "https://hooks.slack.com/services/T000/B000/XXXX",
            "POST",
            body=raw('{"text":"Hello, World!"}', JSON),
        ),
        id="slack-webhook",
    ),
    pytest.param(
        """curl -X POST https://slack.com/api/chat.postMessage \\
  -H "Authorization: Bearer xoxb-not-a-real-token" \\
  -H "Content-type: application/json; charset=utf-8" \\
  --data '{"channel":"C123ABC456","text":"Hello"}'""",
        req(
            "https://slack.com/api/chat.postMessage",
            "POST",
            headers=(("Authorization", "Bearer xoxb-not-a-real-token"),),
            body=raw('{"channel":"C123ABC456","text":"Hello"}', "application/json; charset=utf-8"),
        ),
        id="slack-post-message",
    ),
    pytest.param(
        """curl https://api.openai.com/v1/chat/completions \\
  -H "Content-Type: application/json" \\
  -H "Authorization: Bearer $OPENAI_API_KEY" \\
  -d '{
    "model": "gpt-4o-mini",
    "messages": [{"role": "user", "content": "Say this is a test!"}],
    "temperature": 0.7
  }'""",
        req(
            "https://api.openai.com/v1/chat/completions",
            "POST",
            headers=(("Authorization", "Bearer {{OPENAI_API_KEY}}"),),
            body=raw(
                '{\n    "model": "gpt-4o-mini",\n    "messages": [{"role": "user", "content": '
                '"Say this is a test!"}],\n    "temperature": 0.7\n  }',
                JSON,
            ),
        ),
        id="openai-chat-multiline-json",
    ),
    pytest.param(
        """curl https://api.openai.com/v1/files \\
  -H "Authorization: Bearer $OPENAI_API_KEY" \\
  -F purpose="fine-tune" \\
  -F file="@mydata.jsonl\"""",
        req(
            "https://api.openai.com/v1/files",
            "POST",
            headers=(("Authorization", "Bearer {{OPENAI_API_KEY}}"),),
            body=Body(
                kind="multipart",
                parts=(Part("purpose", "fine-tune"), Part("file", "mydata.jsonl", is_file=True)),
            ),
        ),
        id="openai-file-upload",
    ),
    pytest.param(
        """curl -X POST "https://api.twilio.com/2010-04-01/Accounts/$TWILIO_ACCOUNT_SID/Messages.json" \\
--data-urlencode "Body=Hi there" \\
--data-urlencode "From=+15557122661" \\
--data-urlencode "To=+15558675310" \\
-u $TWILIO_ACCOUNT_SID:$TWILIO_AUTH_TOKEN""",
        req(
            "https://api.twilio.com/2010-04-01/Accounts/{{TWILIO_ACCOUNT_SID}}/Messages.json",
            "POST",
            body=Body(
                kind="form",
                fields=(
                    Field("Body", "Hi there"),
                    Field("From", "+15557122661"),
                    Field("To", "+15558675310"),
                ),
            ),
            auth=Auth(
                kind="basic",
                username="{{TWILIO_ACCOUNT_SID}}",
                password="{{TWILIO_AUTH_TOKEN}}",
                preemptive=True,
            ),
        ),
        id="twilio-send-sms",
    ),
    pytest.param(
        """curl -X PUT "localhost:9200/my-index-000001/_doc/1?pretty" -H 'Content-Type: application/json' -d'
{
  "@timestamp": "2099-11-15T13:12:00",
  "user": {
    "id": "kimchy"
  }
}
'""",
        req(
            "http://localhost:9200/my-index-000001/_doc/1?pretty",
            "PUT",
            body=raw(
                '\n{\n  "@timestamp": "2099-11-15T13:12:00",\n  "user": {\n    "id": "kimchy"\n  }\n}\n',
                JSON,
            ),
        ),
        id="elastic-index-document",
    ),
    pytest.param(
        """curl -k -u elastic:changeme -X GET "https://localhost:9200/_cluster/health?wait_for_status=yellow&timeout=50s&pretty\"""",
        req(
            "https://localhost:9200/_cluster/health?wait_for_status=yellow&timeout=50s&pretty",
            auth=Auth(kind="basic", username="elastic", password="changeme", preemptive=True),
            tls=TLS(verify=False),
        ),
        id="elastic-health-insecure",
    ),
    pytest.param(
        """curl -s -H "Content-Type: application/x-ndjson" -XPOST localhost:9200/_bulk --data-binary "@requests.ndjson"; echo""",
        req(
            "http://localhost:9200/_bulk",
            "POST",
            body=Body(kind="file", path="requests.ndjson", content_type="application/x-ndjson"),
        ),
        id="elastic-bulk-file",
    ),
    pytest.param(
        """curl 'https://example.com/api/graphql' \\
  -H 'accept: */*' \\
  -H 'accept-language: en-US,en;q=0.9' \\
  -H 'content-type: application/json' \\
  -H 'cookie: session=abc123; theme=dark' \\
  -H 'origin: https://example.com' \\
  -H 'user-agent: Mozilla/5.0 (X11; Linux x86_64)' \\
  --data-raw $'{"query":"{ viewer { login } }","variables":{"note":"it\\'s\\\\n"}}' \\
  --compressed""",
        req(
            "https://example.com/api/graphql",
            "POST",
            headers=(
                ("accept", "*/*"),
                ("accept-language", "en-US,en;q=0.9"),
                ("cookie", "session=abc123; theme=dark"),
                ("origin", "https://example.com"),
                ("user-agent", "Mozilla/5.0 (X11; Linux x86_64)"),
            ),
            body=raw('{"query":"{ viewer { login } }","variables":{"note":"it\'s\\n"}}', JSON),
            decode=True,
        ),
        id="chrome-copy-as-curl-bash",
    ),
    pytest.param(
        """curl ^"https://example.com/api/items^" ^
  -H ^"accept: application/json^" ^
  -H ^"content-type: application/json^" ^
  --data-raw ^"^{^\\^"name^\\^":^\\^"x y^\\^"^}^" ^
  --compressed""",
        req(
            "https://example.com/api/items",
            "POST",
            headers=(("accept", "application/json"),),
            body=raw('{"name":"x y"}', JSON),
            decode=True,
        ),
        id="chrome-copy-as-curl-cmd",
    ),
    pytest.param(
        """curl.exe -X POST `
  -H "Content-Type: application/json" `
  -H "Authorization: Bearer $env:API_TOKEN" `
  -d '{"name": "it''s"}' `
  https://api.example.com/items""",
        req(
            "https://api.example.com/items",
            "POST",
            headers=(("Authorization", "Bearer {{API_TOKEN}}"),),
            body=raw('{"name": "it\'s"}', JSON),
        ),
        id="powershell-backticks",
    ),
    pytest.param(
        "curl -u user:passwd https://httpbin.example/basic-auth/user/passwd",
        req(
            "https://httpbin.example/basic-auth/user/passwd",
            auth=Auth(kind="basic", username="user", password="passwd", preemptive=True),
        ),
        id="basic-auth",
    ),
    pytest.param(
        "curl --digest -u admin:secret https://api.example.com/secure",
        req(
            "https://api.example.com/secure",
            auth=Auth(kind="digest", username="admin", password="secret"),
        ),
        id="digest-auth",
    ),
    pytest.param(
        "curl --anyauth --user admin:secret https://api.example.com/secure",
        req(
            "https://api.example.com/secure",
            auth=Auth(kind="basic", username="admin", password="secret"),
        ),
        id="anyauth-waits-for-challenge",
    ),
    pytest.param(
        "curl -x http://proxy.corp.example:3128 -U alice:s3cret --noproxy localhost,.internal https://api.example.com/",
        req(
            "https://api.example.com/",
            proxy=Proxy(
                mode="manual",
                url="http://proxy.corp.example:3128",
                username="alice",
                password="s3cret",
                no_proxy=("localhost", ".internal"),
            ),
        ),
        id="corporate-proxy",
    ),
    pytest.param(
        "curl --proxy user:pa%40ss@10.0.0.1:8080 http://example.com",
        req(
            "http://example.com",
            proxy=Proxy(
                mode="manual", url="http://10.0.0.1:8080", username="user", password="pa@ss"
            ),
        ),
        id="proxy-credentials-in-url",
    ),
    pytest.param(
        "curl --noproxy '*' https://intranet.example/",
        req("https://intranet.example/", proxy=Proxy(mode="direct")),
        id="noproxy-star-is-direct",
    ),
    pytest.param(
        "curl --cert client.pem --key client.key --cacert ca.pem https://mtls.example.com/",
        req(
            "https://mtls.example.com/",
            tls=TLS(ca_file="ca.pem", client_cert="client.pem", client_key="client.key"),
        ),
        id="client-certificate",
    ),
    pytest.param(
        "curl -L --max-redirs 3 --connect-timeout 5 -m 30.5 https://example.com/redirect",
        req(
            "https://example.com/redirect",
            follow_redirects=True,
            max_redirects=3,
            timeout=5.0,
            total_timeout=30.5,
        ),
        id="redirects-and-timeouts",
    ),
    pytest.param(
        "curl -I https://example.com/file.zip",
        req("https://example.com/file.zip", "HEAD"),
        id="head",
    ),
    pytest.param(
        "curl -T report.pdf https://uploads.example.com/files/",
        req(
            "https://uploads.example.com/files/report.pdf",
            "PUT",
            body=Body(kind="file", path="report.pdf"),
        ),
        id="upload-file",
    ),
    pytest.param(
        'curl -A "MyBot/1.0" -e https://example.com/ -b "sid=123" -b "lang=en" https://example.com/page',
        req(
            "https://example.com/page",
            headers=(
                ("User-Agent", "MyBot/1.0"),
                ("Referer", "https://example.com/"),
                ("Cookie", "sid=123;lang=en"),
            ),
        ),
        id="agent-referer-cookies",
    ),
    pytest.param(
        """curl --json '{"tool": "curl"}' https://example.com/api/""",
        req(
            "https://example.com/api/",
            "POST",
            headers=(("Accept", JSON),),
            body=raw('{"tool": "curl"}', JSON),
        ),
        id="json-option",
    ),
    pytest.param(
        """curl --header "PRIVATE-TOKEN: glpat-example" "https://gitlab.example.com/api/v4/projects?per_page=100\"""",
        req(
            "https://gitlab.example.com/api/v4/projects?per_page=100",
            headers=(("PRIVATE-TOKEN", "glpat-example"),),
        ),
        id="gitlab-private-token",
    ),
    pytest.param(
        """curl https://api.anthropic.example/v1/messages \\
     --header "x-api-key: $ANTHROPIC_API_KEY" \\
     --header "anthropic-version: 2023-06-01" \\
     --header "content-type: application/json" \\
     --data '{"model": "claude-x", "max_tokens": 1024, "messages": [{"role": "user", "content": "Hello"}]}'""",
        req(
            "https://api.anthropic.example/v1/messages",
            "POST",
            headers=(("x-api-key", "{{ANTHROPIC_API_KEY}}"), ("anthropic-version", "2023-06-01")),
            body=raw(
                '{"model": "claude-x", "max_tokens": 1024, "messages": [{"role": "user", "content": "Hello"}]}',
                JSON,
            ),
        ),
        id="messages-api",
    ),
    pytest.param(
        """curl -s --user 'api:key-example0000' \\
    https://api.mailgun.example/v3/samples.example.org/messages \\
    -F from='Excited User <excited@samples.example.org>' \\
    -F to='devs@example.net' \\
    -F subject='Hello' \\
    -F text='Testing some awesomeness!'""",
        req(
            "https://api.mailgun.example/v3/samples.example.org/messages",
            "POST",
            body=Body(
                kind="multipart",
                parts=(
                    Part("from", "Excited User <excited@samples.example.org>"),
                    Part("to", "devs@example.net"),
                    Part("subject", "Hello"),
                    Part("text", "Testing some awesomeness!"),
                ),
            ),
            auth=Auth(kind="basic", username="api", password="key-example0000", preemptive=True),
        ),
        id="mailgun-form-parts",
    ),
    pytest.param(
        """curl -X POST https://oauth2.example.com/token -H "Content-Type: application/x-www-form-urlencoded" -d "grant_type=client_credentials&client_id=abc&client_secret=xyz\"""",
        req(
            "https://oauth2.example.com/token",
            "POST",
            body=raw("grant_type=client_credentials&client_id=abc&client_secret=xyz"),
        ),
        id="oauth-token-form",
    ),
    pytest.param(
        """curl --request GET \\
  --url https://api.cloudflare.example/client/v4/zones \\
  --header 'Content-Type: application/json' \\
  --header 'X-Auth-Email: user@example.com'""",
        req(
            "https://api.cloudflare.example/client/v4/zones",
            headers=(("Content-Type", JSON), ("X-Auth-Email", "user@example.com")),
        ),
        id="url-option-and-header-without-body",
    ),
    pytest.param(
        """curl -G "https://api.example.com/search" --data-urlencode "q=hello world" -d limit=10""",
        req("https://api.example.com/search?q=hello+world&limit=10"),
        id="get-with-urlencoded-query",
    ),
    pytest.param(
        """curl --url-query "name=a b" --url-query "+raw=x%20y" https://example.com/?v=1""",
        req("https://example.com/?v=1&name=a+b&raw=x%20y"),
        id="url-query",
    ),
    pytest.param(
        "curl -fsSL https://get.example.sh | sh",
        req("https://get.example.sh", follow_redirects=True),
        id="install-script-pipe",
    ),
    pytest.param(
        'curl -F "image=@photo.jpg;type=image/jpeg;filename=avatar.jpg" https://example.com/upload',
        req(
            "https://example.com/upload",
            "POST",
            body=Body(
                kind="multipart",
                parts=(
                    Part(
                        "image",
                        "photo.jpg",
                        is_file=True,
                        content_type="image/jpeg",
                        filename="avatar.jpg",
                    ),
                ),
            ),
        ),
        id="form-file-type-filename",
    ),
    pytest.param(
        "curl --oauth2-bearer tok_example https://api.example.com/me",
        req("https://api.example.com/me", auth=Auth(kind="bearer", token="tok_example")),
        id="oauth2-bearer",
    ),
    pytest.param(
        "$ curl -H 'X-Empty;' -r 0-499 https://example.com/big.bin",
        req(
            "https://example.com/big.bin",
            headers=(("X-Empty", ""), ("Range", "bytes=0-499")),
        ),
        id="prompt-empty-header-range",
    ),
    pytest.param(
        "% curl -XDELETE -sS https://api.example.com/items/42 -w '%{http_code}' -o /dev/null",
        req("https://api.example.com/items/42", "DELETE"),
        id="zsh-prompt-delete-with-output-options",
    ),
    pytest.param(
        "/usr/bin/curl --location --compressed --no-compressed https://example.com/",
        req("https://example.com/", follow_redirects=True),
        id="full-path-and-negated-flag",
    ),
]


@pytest.mark.parametrize(("command", "expected"), CASES)
def test_real_world_commands_import_faithfully(command: str, expected: RequestSpec) -> None:
    assert parse_curl(command) == expected


def test_there_are_at_least_thirty_real_world_cases() -> None:
    assert len(CASES) >= 30


def test_notes_name_what_was_ignored_or_changed() -> None:
    result = read_curl(
        "curl -sS -o out.json -w '%{http_code}' -H 'Accept:' -b cookies.txt "
        '-H "Authorization: Bearer $TOKEN" example.com/x | jq .'
    )
    assert result.spec.url == "http://example.com/x"
    assert result.spec.headers == (Field("Authorization", "Bearer {{TOKEN}}"),)
    notes = "\n".join(result.notes)
    assert "-s, -S, -o out.json, -w %{http_code}" in notes
    assert "-H 'Accept:'" in notes
    assert "cookies.txt" in notes
    assert "http:// was added" in notes
    assert "$TOKEN → {{TOKEN}}" in notes
    assert "| jq ." in notes


def test_notes_explain_curl_differences() -> None:
    notes = "\n".join(
        read_curl("curl -d @body.txt --location-trusted --anyauth -u a:b https://e.x/").notes
    )
    assert "removes line breaks" in notes
    assert "--location-trusted" in notes
    assert "--anyauth" in notes


def test_multipart_type_header_is_dropped_with_a_note() -> None:
    result = read_curl(
        "curl -H 'Content-Type: multipart/form-data' -F a=1 -F 'f=@x.bin' https://e.x/"
    )
    assert result.spec.headers == ()
    assert result.spec.body.parts == (Part("a", "1"), Part("f", "x.bin", is_file=True))
    assert any("own boundary" in note for note in result.notes)


def test_form_text_after_a_semicolon_is_dropped_as_curl_does() -> None:
    result = read_curl("curl -F 'msg=hello;world' -F 'q=\"a;b\";type=text/x' https://e.x/")
    assert result.spec.body.parts == (Part("msg", "hello"), Part("q", "a;b", content_type="text/x"))
    assert any("';world' was dropped" in note for note in result.notes)


def test_form_string_is_literal_and_lt_is_a_file_with_a_note() -> None:
    result = read_curl("curl --form-string 'a=@not-a-file;x' -F 'b=<notes.txt' https://e.x/")
    assert result.spec.body.parts == (
        Part("a", "@not-a-file;x"),
        Part("b", "notes.txt", is_file=True),
    )
    assert any("<notes.txt" in note for note in result.notes)


def test_head_with_get_data_goes_to_the_query() -> None:
    assert parse_curl("curl -I -G -d a=1 https://e.x/") == req("https://e.x/?a=1", "HEAD")


def test_max_redirs_unlimited_becomes_fifty_and_zero_timeout_means_none() -> None:
    spec = parse_curl("curl -L --max-redirs -1 --connect-timeout 0 -m 0 https://e.x/")
    assert spec.options.max_redirects == 50
    assert spec.options.timeout is None
    assert spec.options.total_timeout is None


def test_crlf_line_endings_and_tabs_are_accepted() -> None:
    text = "curl -X PATCH \\\r\n\t-H 'A: 1' \\\r\n\thttps://e.x/\r\n"
    assert parse_curl(text) == req("https://e.x/", "PATCH", headers=(("A", "1"),))


def test_json_option_twice_concatenates_and_keeps_a_typed_accept() -> None:
    spec = parse_curl("curl --json '{\"a\":1}' --json '{\"b\":2}' -H 'Accept: text/x' https://e.x/")
    assert spec.body == raw('{"a":1}{"b":2}', JSON)
    assert spec.headers == (Field("Accept", "text/x"),)


def test_ansi_c_escapes_in_dollar_quotes() -> None:
    spec = parse_curl("curl -d $'a\\tb\\x41\\u00e9\\101\\n' https://e.x/")
    assert spec.body.text == "a\tbA\u00e9A\n"
