"""Agents: the unnamed actors of event data ("Israeli soldiers", "riot police", "students").

Most participants in political news are not named entities. CAMEO and PLOVER code them as a
country plus a sector (ISR MIL, BOL COP, CVL, EDU …). This module finds noun phrases headed by a
phrase of the Phoenix agents dictionary and gives each its country: a country word inside the
phrase ("Israeli soldiers", "Iraq's army"), else the one country the sentence names, else the
article's dominant country, else none.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from timeline.extract.eventdata import Agent, AgentDictionary
from timeline.extract.gazetteer import SECTOR_WORDS

NP_MODIFIERS = frozenset({"compound", "amod", "nmod"})
COUNTRY_PREPS = frozenset({"of", "in", "from"})
# How far left of an agent's head a country word may be ("the U.S. Navy's Persian Gulf fleet").
MODIFIER_WINDOW = 8
# The article's dominant country must have at least this many mentions and this share of them.
DOMINANT_MIN_MENTIONS = 2
DOMINANT_MIN_SHARE = 0.5


@dataclass(frozen=True)
class AgentMention:
    """One agent noun phrase: its tokens, its sector and country, and whether it is an institution."""

    start: int
    end: int
    head: int
    phrase: str
    sector: str | None
    country: str | None
    organization: bool


def dominant_country(countries: list[str]) -> str | None:
    """The country an article is about, when one stands out among the countries it mentions."""
    counts = Counter(countries)
    if not counts:
        return None
    country, n = counts.most_common(1)[0]
    if n >= DOMINANT_MIN_MENTIONS and n / sum(counts.values()) >= DOMINANT_MIN_SHARE:
        return country
    return None


def find_agents(doc: Doc, agents: AgentDictionary, taken: set[int], country_at: dict[int, str],
                sentence_of: list[int], default_country: str | None) -> list[AgentMention]:
    """Agent phrases among the tokens that no other reference covers.

    `country_at` maps a token to the country of the actor it refers to; `sentence_of` maps a token
    to its sentence index."""
    sentence_countries: dict[int, set[str]] = {}
    for i, country in country_at.items():
        sentence_countries.setdefault(sentence_of[i], set()).add(country)
    out: list[AgentMention] = []
    heads = agents.by_head
    for tok in doc:
        if tok.i in taken or tok.pos_ not in ("NOUN", "PROPN") or (tok.lower_ not in heads and tok.lemma_.lower() not in heads) \
                or not _agentive_form(tok):
            continue
        head = tok.head
        if tok.dep_ == "compound" and head.pos_ in ("NOUN", "PROPN") and head.i not in taken \
                and (head.lower_ in heads or head.lemma_.lower() in heads) and _match(agents, head) is not None:
            continue  # "government officials": part of the head's phrase
        found = _match(agents, tok)
        if found is None:
            continue
        agent, start = found
        if any(i in taken for i in range(start, tok.i + 1)):
            start = tok.i
        country = _own_country(tok, country_at)
        if country is None and agent.needs_country:
            continue  # "the jet" in the business pages is a product; "Israeli jets" are the air force
        if country is None:
            in_sentence = sentence_countries.get(sentence_of[tok.i], set())
            country = next(iter(in_sentence)) if len(in_sentence) == 1 else default_country
        phrase = " ".join(t.lower_ for t in doc[start:tok.i + 1])
        out.append(AgentMention(start, tok.i + 1, tok.i, phrase, agent.sector, country, agent.organization))
    return out


def _agentive_form(tok: Token) -> bool:
    """Lower-case common nouns only: capitalised words inside names are the names' business."""
    return tok.is_lower or (bool(tok.is_sent_start) and tok.text[:1].isupper() and tok.text[1:].islower())


def _match(agents: AgentDictionary, head: Token) -> tuple[Agent, int] | None:
    """The longest agent phrase ending at `head`, over its adjacent lower-case modifiers."""
    words = [head.lower_]
    start = head.i
    while start > 0:
        prev = head.doc[start - 1]
        if prev.head.i != head.i or prev.dep_ not in NP_MODIFIERS or not prev.is_lower:
            break
        start -= 1
        words.insert(0, prev.lower_)
    for candidate in (words, [*words[:-1], head.lemma_.lower()]):
        agent = agents.match(candidate)
        if agent is not None:
            return agent, head.i - len(agent.phrase) + 1
    return None


def _own_country(head: Token, country_at: dict[int, str]) -> str | None:
    """A country named inside the phrase: a modifier ("Israeli", "Iraq's") or "of/in/from X"."""
    doc = head.doc
    for tok in doc[max(head.left_edge.i, head.i - MODIFIER_WINDOW):head.i]:
        if tok.i in country_at and _governed_by(tok, head):
            return country_at[tok.i]
    for child in head.children:
        if child.dep_ == "prep" and child.lower_ in COUNTRY_PREPS:
            for obj in child.children:
                if obj.dep_ == "pobj" and obj.i in country_at:
                    return country_at[obj.i]
    return None


def _governed_by(tok: Token, head: Token) -> bool:
    """Is `head` among the first few heads above `tok`? (Bounded: parses can be deep.)"""
    node = tok
    for _ in range(MODIFIER_WINDOW):
        if node.head.i == node.i:
            return False
        node = node.head
        if node.i == head.i:
            return True
    return False


def agent_name(mention: AgentMention, demonym: str | None) -> str:
    """"Israeli military" for ISR MIL; the phrase itself ("students") without a country."""
    if mention.country and demonym and mention.sector:
        return f"{demonym} {SECTOR_WORDS[mention.sector]}"
    return mention.phrase
