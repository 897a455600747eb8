"""Namespaces and the ipgov: terms the graph uses: the RDF model, agreed in code.

Every ``ipgov:`` term the emitter writes is named here, so the ontology test can check
that ``ontology/ipgov.ttl`` declares each of them (see ``docs/MODEL.md``).
"""

from __future__ import annotations

from rdflib import Graph, Namespace
from rdflib.namespace import DCTERMS as DCTERMS
from rdflib.namespace import FOAF as FOAF
from rdflib.namespace import ORG as ORG
from rdflib.namespace import OWL as OWL
from rdflib.namespace import PROV as PROV
from rdflib.namespace import RDF as RDF
from rdflib.namespace import RDFS as RDFS
from rdflib.namespace import SH as SH  # SHACL: the shapes and validation reports (no prefix of the graph's)
from rdflib.namespace import SKOS as SKOS
from rdflib.namespace import XSD as XSD

from graph_builder import prefixes as iris

IPGOV = Namespace(iris.IPGOV)
IPGOV_ID = Namespace(iris.IPGOV_ID)
IPGOV_GRAPH = Namespace(iris.IPGOV_GRAPH)  # a letter's graph: IPGOV_GRAPH + its key
IPGOV_SHAPES = Namespace(iris.IPGOV_SHAPES)  # the SHACL shapes (shapes/*.ttl)

ONTOLOGY_IRI = "https://w3id.org/ipgov/ontology"  # the ontology itself, the owl:Ontology of ontology/ipgov.ttl
SHAPES_IRI = "https://w3id.org/ipgov/shapes"  # the shapes' owl:Ontology (their sh:declare prefixes)
ONTOLOGY_GRAPH = ONTOLOGY_IRI  # the named graph `ipgov push` and `ipgov serve` load the ontology into

OA = Namespace(iris.OA)
ELI = Namespace(iris.ELI)
ELI_DL = Namespace(iris.ELI_DL)
CV = Namespace(iris.CV)
QB = Namespace(iris.QB)
SCHEMA = Namespace(iris.SCHEMA)
VANN = Namespace(iris.VANN)

# the prefixes (``prefixes.PREFIXES``, their one spelling) as rdflib namespaces
PREFIXES: dict[str, Namespace] = {prefix: Namespace(iri) for prefix, iri in iris.PREFIXES.items()}

# --- classes -------------------------------------------------------------------------
# documents
ReplyLetter = IPGOV.ReplyLetter  # the reply (答复函); eli:Work
Motion = IPGOV.Motion  # what a reply answers; eli:Work
Proposal = IPGOV.Proposal  # 政协提案; ipgov:Motion
Suggestion = IPGOV.Suggestion  # 人大代表建议; ipgov:Motion
SuggestionItem = IPGOV.SuggestionItem  # one numbered point of a motion
SourceText = IPGOV.SourceText  # the decoded text of a letter file; prov:Entity
Correction = IPGOV.Correction  # an entry of a corrections file applied to a letter's facts; prov:Activity
Measure = IPGOV.Measure  # a sentence of the answer stating what is done or promised
Commitment = IPGOV.Commitment  # Measure: will be done (将, 下一步, 继续)
Achievement = IPGOV.Achievement  # Measure: has been done (已, 建成, 出台)
Statement = IPGOV.Statement  # Measure: neither
Provision = IPGOV.Provision  # an article of a policy (第265条)
# actors
Agent = IPGOV.Agent
Person = IPGOV.Person  # foaf:Person
PersonGroup = IPGOV.PersonGroup  # 张三等5名委员; foaf:Group
Organization = IPGOV.Organization  # org:Organization
GovernmentAgency = IPGOV.GovernmentAgency  # cv:PublicOrganisation
Court = IPGOV.Court
Legislature = IPGOV.Legislature  # 人大, 政协 and their committees
PartyBody = IPGOV.PartyBody  # 市委, 民进重庆市委, 党中央
Company = IPGOV.Company
University = IPGOV.University
Association = IPGOV.Association  # 协会, 促进会, 联合会, 商会, 工商联
Media = IPGOV.Media  # 人民法院报
InternationalOrganization = IPGOV.InternationalOrganization
# other things
Policy = IPGOV.Policy  # eli:LegalResource, schema:Legislation
Platform = IPGOV.Platform
CourtCase = IPGOV.CourtCase
Event = IPGOV.Event
Place = IPGOV.Place  # dcterms:Location
Figure = IPGOV.Figure  # qb:Observation
Participation = IPGOV.Participation  # an agent in a role on a letter (ELI-DL style)
Role = IPGOV.Role  # skos:Concept
PolicyType = IPGOV.PolicyType  # skos:Concept

# --- role individuals (ipgov:Role) ------------------------------------------------------
RoleAuthor = IPGOV.role_author  # signs the reply (主办)
RoleCoHandler = IPGOV.role_coHandler  # 会办/协办/会同
RoleAddressee = IPGOV.role_addressee  # the proposer addressed by the salutation

# --- policy type individuals (ipgov:PolicyType) ------------------------------------------
POLICY_TYPES = {
    "law": IPGOV.policyType_law,  # 法
    "regulation": IPGOV.policyType_regulation,  # 条例, 规定
    "rules": IPGOV.policyType_rules,  # 办法, 细则, 规则, 措施
    "plan": IPGOV.policyType_plan,  # 规划, 方案, 计划, 纲要
    "standard": IPGOV.policyType_standard,  # 标准, 规范
    "agreement": IPGOV.policyType_agreement,  # 协议, 协定, 公约, 备忘录
    "opinion": IPGOV.policyType_opinion,  # 意见, 通知, 决定
    "other": IPGOV.policyType_other,
}

# --- properties -------------------------------------------------------------------------
# letter and motion
answers = IPGOV.answers  # letter → motion; eli-dl:answers_to
respondingAgency = IPGOV.respondingAgency  # letter → org; dcterms:creator
coHandler = IPGOV.coHandler  # letter → org; dcterms:contributor
addressedTo = IPGOV.addressedTo  # letter → agent
mainHandler = IPGOV.mainHandler  # opinion letter → the main handler it is addressed to
localTo = IPGOV.localTo  # thing → the one letter its identity is scoped to
nameBasis = IPGOV.nameBasis  # thing → "known" | "resolved" | "local" | "read" (per letter)
namedAt = IPGOV.namedAt  # thing → a span of the letter's text naming it (evidence of its type)
hasParticipation = IPGOV.hasParticipation  # letter → participation
participant = IPGOV.participant  # participation → agent
role = IPGOV.role  # participation → role
proposer = IPGOV.proposer  # motion → agent; dcterms:creator
session = IPGOV.session  # motion → literal@zh (市政协六届四次会议)
hasSuggestionItem = IPGOV.hasSuggestionItem  # motion → item
ordinal = IPGOV.ordinal  # item/measure → xsd:integer
hasMeasure = IPGOV.hasMeasure  # letter → measure
respondsTo = IPGOV.respondsTo  # measure → item
responsibleBody = IPGOV.responsibleBody  # measure → org (who does or will do it)
hasSourceText = IPGOV.hasSourceText  # letter → source text
sha256 = IPGOV.sha256  # source text → hex literal
characterCount = IPGOV.characterCount  # source text → xsd:integer
correctionEntry = IPGOV.correctionEntry  # correction → "corrections.yaml#3" (file name # entry)
correctionDigest = IPGOV.correctionDigest  # correction → hex SHA-256 of the entry as applied to the letter
genre = IPGOV.genre  # letter → "proposal_reply" | "suggestion_reply"
# what a letter or measure names
mentions = IPGOV.mentions  # letter|measure → thing; dcterms:references
cites = IPGOV.cites  # letter → policy|case; eli:cites
citesProvision = IPGOV.citesProvision  # letter → provision
articleNumber = IPGOV.articleNumber  # provision → literal (第265条)
policyType = IPGOV.policyType  # policy → ipgov:PolicyType
# people
post = IPGOV.post  # person → literal@zh (总书记, 联系人)
memberCount = IPGOV.memberCount  # person group → xsd:integer
isCollective = IPGOV.isCollective  # org → xsd:boolean (深圳法院: a group of courts)
# platforms and events
platformKind = IPGOV.platformKind  # platform → literal@zh (中心, 基地, 窗口 …)
locatedIn = IPGOV.locatedIn  # platform|event|org → place
approvedBy = IPGOV.approvedBy  # platform → org
hostedBy = IPGOV.hostedBy  # platform → org
startDate = IPGOV.startDate  # platform|event → xsd:date|gYearMonth|gYear
# cases
plaintiff = IPGOV.plaintiff  # case → agent
defendant = IPGOV.defendant  # case → agent
court = IPGOV.court  # case → court
year = IPGOV.year  # case → xsd:gYear
caseSubject = IPGOV.caseSubject  # case → literal@zh (标准必要专利)
recognition = IPGOV.recognition  # case → event (中国法院十大典型知产案例)
# figures (qb:Observation)
value = IPGOV.value  # figure → literal as written (78, 第一)
numericValue = IPGOV.numericValue  # figure → xsd:decimal when the value is a number
unit = IPGOV.unit  # figure → literal as written (亿, 件)
countedThing = IPGOV.countedThing  # figure → literal@zh: what it counts (its clause)
refPeriod = IPGOV.refPeriod  # figure → literal@zh (2018年1-6月)
# evidence (oa:Annotation) says which triple it supports with rdf:subject/predicate/object
EVIDENCE_SUBJECT = RDF.subject
EVIDENCE_PREDICATE = RDF.predicate
EVIDENCE_OBJECT = RDF.object


def sparql_prefixes(*names: str) -> str:
    """The ``PREFIX`` lines of a SPARQL query for the project's prefixes ``names``, in that order.

    >>> print(sparql_prefixes("rdf", "ipgov"), end="")
    PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
    PREFIX ipgov: <https://w3id.org/ipgov/ontology#>
    """
    return "".join(f"PREFIX {name}: <{PREFIXES[name]}>\n" for name in names)


def bind_prefixes(graph: Graph) -> Graph:
    """Bind the project's prefixes on ``graph`` and return it.

    :param graph: any rdflib graph or dataset
    :returns: the same graph
    """
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True, replace=True)
    return graph
