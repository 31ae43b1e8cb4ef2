"""Function words of the languages a news corpus meets most.

Stopword density separates prose from labels and link lists in any of them (jusText's main
cue); the trace's tokenizer skips them when it builds content-word shingles."""
from __future__ import annotations

# Top function words of the languages a news corpus meets most: stopword density separates
# prose from labels and link lists in any of them (jusText's main cue).
STOPWORDS = frozenset("""
a about after all also an and any are as at be because been but by can could did do does
for from had has have he her his how i if in into is it its just more most my no not of on
one only or other our out over said she so some than that the their them then there these
they this to up was we were what when which who will with would you your
aber als am an auch auf aus bei bis das dass dem den der des die doch du durch ein eine
einem einen einer er es für hat ich ihr im in ist ja kann mit nach nicht noch nur oder
sich sie sind so über um und uns von vor war was wie wir wird zu zum zur
au aux avec ce ces dans de des du elle en est et il ils je la le les leur lui mais me même
ne nous on ou par pas pour qu que qui sa se ses son sur ta te une vous été être
al como con del el en es esta este fue ha la las lo los más no para pero por que se sin
su sus un una y ya
che di della delle dei gli il non per più sono una uno
ao as com da das do dos em foi mais na nas no nos os pelo pela que são um uma
de een het is niet op te van voor zijn dat die er met ook
i w z na się nie jest to że do jak od po za ale czy
и в не на что с по как это из за от у то же но для о его
bir ve bu da de ile için çok gibi daha
""".split())
