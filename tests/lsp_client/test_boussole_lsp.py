"""The real `boussole lsp` binary driven by a real LSP client (pytest-lsp,
on pygls): a project of several files in a temporary directory, opened as a
workspace folder. Run by tests/lsp_client.rs with BOUSSOLE_BIN set:

    BOUSSOLE_BIN=target/debug/boussole python3 -m pytest tests/lsp_client
"""

import asyncio
import os
import sys
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient

BIN = os.environ.get("BOUSSOLE_BIN")
if not BIN:
    sys.exit("BOUSSOLE_BIN names the boussole binary to test")

CATALOG = """inputs:
  spend: { unit: money(EUR), column: Montant dépensé (€) }
  clics: count
  leads: count
metrics:
  - { description: Coût moyen d'un clic 🚀 en €, def: cpc = spend / clics }
  - cpl = spend / leads
"""

OBJECTIVES = """strategy:
  g: Générer des prospects
objectives:
  prospects:
    description: Un coût par prospect sous 30 € chaque mois de 2026
    aligned_with: g
    owner: Équipe acquisition
    period: monthly
    deadline: 2026-12-31
    kpis: [cpl, cpc]
    targets:
      - target: cpl <= 30 EUR
        action: Couper la campagne la moins rentable
      - target: cpc <= 1 EUR
        action: Revoir les enchères
"""


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    root = tmp_path_factory.mktemp("kpis")
    (root / "catalog.kpi.yaml").write_text(CATALOG, encoding="utf-8")
    (root / "objectives.kpi.yaml").write_text(OBJECTIVES, encoding="utf-8")
    return root


def uri(path: Path) -> str:
    return path.resolve().as_uri()


@pytest_lsp.fixture(config=ClientServerConfig(server_command=[BIN, "lsp"]))
async def client(lsp_client: LanguageClient, project):
    params = types.InitializeParams(
        capabilities=types.ClientCapabilities(
            general=types.GeneralClientCapabilities(
                position_encodings=[types.PositionEncodingKind.Utf16]
            )
        ),
        workspace_folders=[types.WorkspaceFolder(uri=uri(project), name="kpis")],
    )
    result = await lsp_client.initialize_session(params)
    assert result.capabilities.position_encoding == types.PositionEncodingKind.Utf16
    yield
    await lsp_client.shutdown_session()


def column16(text: str, line: int, needle: str) -> int:
    line_text = text.splitlines()[line]
    return len(line_text[: line_text.index(needle)].encode("utf-16-le")) // 2


async def open_doc(client: LanguageClient, path: Path, text: str, version: int = 1):
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(
                uri=uri(path), language_id="yaml", version=version, text=text
            )
        )
    )


async def diagnostics_until(client: LanguageClient, path: Path, ready):
    """The diagnostics published for `path` once `ready(diagnostics)` holds
    (polled: notifications for several files arrive together)."""
    target = uri(path)
    for _ in range(200):
        diags = client.diagnostics.get(target)
        if diags is not None and ready(diags):
            return diags
        await asyncio.sleep(0.05)
    raise AssertionError(f"diagnostics for {target}: {client.diagnostics.get(target)}")


@pytest.mark.asyncio
async def test_a_typo_is_found_and_fixed(client: LanguageClient, project):
    path = project / "objectives.kpi.yaml"
    typo = OBJECTIVES.replace("target: cpl <= 30", "target: cpll <= 30")
    await open_doc(client, path, typo)
    diags = await diagnostics_until(
        client, path, lambda ds: any(d.code == "undefined-metric" for d in ds)
    )
    undefined = [d for d in diags if d.code == "undefined-metric"]
    assert len(undefined) == 1, diags
    line = typo.splitlines().index("      - target: cpll <= 30 EUR")
    col = column16(typo, line, "cpll")
    assert undefined[0].range == types.Range(
        start=types.Position(line=line, character=col),
        end=types.Position(line=line, character=col + 4),
    )
    assert "did you mean `cpl`" in undefined[0].message
    # the quick fix
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri(path)),
            range=undefined[0].range,
            context=types.CodeActionContext(diagnostics=[undefined[0]]),
        )
    )
    titles = [a.title for a in actions]
    assert "Replace with `cpl`" in titles, titles
    # fixed: the diagnostic goes
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri(path), version=2),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=OBJECTIVES)],
        )
    )
    await diagnostics_until(
        client, path, lambda ds: not any(d.code == "undefined-metric" for d in ds)
    )


@pytest.mark.asyncio
async def test_hover_definition_references_across_files(client: LanguageClient, project):
    objectives = project / "objectives.kpi.yaml"
    catalog = project / "catalog.kpi.yaml"
    await open_doc(client, objectives, OBJECTIVES)
    line = OBJECTIVES.splitlines().index("    kpis: [cpl, cpc]")
    col = column16(OBJECTIVES, line, "cpc")
    at = types.TextDocumentPositionParams(
        text_document=types.TextDocumentIdentifier(uri=uri(objectives)),
        position=types.Position(line=line, character=col + 1),
    )
    hover = await client.text_document_hover_async(
        types.HoverParams(text_document=at.text_document, position=at.position)
    )
    assert "cpc = spend / clics" in hover.contents.value, hover
    definition = await client.text_document_definition_async(
        types.DefinitionParams(text_document=at.text_document, position=at.position)
    )
    # the definition sits after accents and an emoji: UTF-16 columns
    def_line = CATALOG.splitlines()[5]
    assert definition.uri == uri(catalog)
    assert definition.range.start == types.Position(
        line=5, character=column16(CATALOG, 5, "cpc =")
    ), (definition, def_line)
    refs = await client.text_document_references_async(
        types.ReferenceParams(
            text_document=at.text_document,
            position=at.position,
            context=types.ReferenceContext(include_declaration=True),
        )
    )
    assert sorted((r.uri, r.range.start.line) for r in refs) == sorted(
        [(uri(catalog), 5), (uri(objectives), line), (uri(objectives), line + 4)]
    ), refs


@pytest.mark.asyncio
async def test_rename_completion_formatting(client: LanguageClient, project):
    objectives = project / "objectives.kpi.yaml"
    catalog = project / "catalog.kpi.yaml"
    await open_doc(client, objectives, OBJECTIVES)
    line = OBJECTIVES.splitlines().index("    kpis: [cpl, cpc]")
    doc = types.TextDocumentIdentifier(uri=uri(objectives))
    edit = await client.text_document_rename_async(
        types.RenameParams(
            text_document=doc,
            position=types.Position(line=line, character=column16(OBJECTIVES, line, "cpl")),
            new_name="cost_per_lead",
        )
    )
    assert set(edit.changes) == {uri(catalog), uri(objectives)}, edit
    assert len(edit.changes[uri(objectives)]) == 2
    with pytest.raises(Exception, match="already defined"):
        await client.text_document_rename_async(
            types.RenameParams(
                text_document=doc,
                position=types.Position(line=line, character=column16(OBJECTIVES, line, "cpl")),
                new_name="cpc",
            )
        )
    target_line = OBJECTIVES.splitlines().index("      - target: cpc <= 1 EUR")
    items = await client.text_document_completion_async(
        types.CompletionParams(
            text_document=doc,
            position=types.Position(line=target_line, character=16),
        )
    )
    labels = {i.label for i in (items.items if hasattr(items, "items") else items)}
    assert {"cpc", "cpl", "spend", "growth"} <= labels, labels
    messy = OBJECTIVES.replace("kpis: [cpl, cpc]", "kpis:    [ cpl,cpc ]")
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri(objectives), version=3),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=messy)],
        )
    )
    edits = await client.text_document_formatting_async(
        types.DocumentFormattingParams(
            text_document=doc, options=types.FormattingOptions(tab_size=2, insert_spaces=True)
        )
    )
    assert len(edits) == 1 and edits[0].new_text == OBJECTIVES, edits
