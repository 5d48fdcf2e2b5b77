package io.switchboard.runtime.turn;

import io.switchboard.runtime.app.ResolvedApp;
import io.switchboard.runtime.knowledge.Citation;
import io.switchboard.runtime.knowledge.KnowledgeLink;
import io.switchboard.runtime.knowledge.KnowledgeService;
import io.switchboard.runtime.knowledge.Passage;
import io.switchboard.runtime.memory.ChatEntry;
import io.switchboard.tracing.TraceSpan;
import io.switchboard.tracing.Tracing;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retrieves before every turn of an app with linked knowledge and puts the passages, numbered with their
 * document names, into the system prompt; the passages travel on as citations. A retrieval failure is
 * logged and the turn goes on without knowledge.
 */
final class KnowledgeContributor implements PromptContributor {
    private static final Logger LOG = LoggerFactory.getLogger(KnowledgeContributor.class);

    private final KnowledgeService knowledge;
    private final QueryRewriter rewriter;

    KnowledgeContributor(KnowledgeService knowledge, QueryRewriter rewriter) {
        this.knowledge = knowledge;
        this.rewriter = rewriter;
    }

    @Override
    public Contribution contribute(ResolvedApp app, AgentRequest request, List<ChatEntry> history) {
        try {
            // The link is part of the configuration that answers: the draft's in the debug chat, the
            // published version's on channels.
            KnowledgeLink link = app.config().knowledge();
            if (link == null || request.text().isBlank()) {
                return Contribution.NONE;
            }
            String query = link.rewriteFollowUps() ? rewriter.rewrite(app, history, request.text()) : request.text();
            TraceSpan span = Tracing.span("retrieval")
                    .set("switchboard.app.id", app.appId())
                    .set("switchboard.knowledge.bases", String.join(",", link.knowledgeBaseIds()))
                    .set("switchboard.knowledge.mode", String.valueOf(link.mode()))
                    .set("switchboard.knowledge.rewritten", link.rewriteFollowUps());
            List<Passage> passages = span.call(() -> {
                List<Passage> found = knowledge.retrieve(link, query);
                span.set("switchboard.knowledge.passages", found.size());
                return found;
            });
            if (passages.isEmpty()) {
                return Contribution.NONE;
            }
            StringBuilder prompt = new StringBuilder("Answer from these knowledge base passages when they are relevant;"
                    + " if they do not contain the answer, say so rather than guess. Mention the document you used."
                    + "\n请优先根据以下知识库内容回答，并注明所依据的文档。");
            for (int i = 0; i < passages.size(); i++) {
                Passage passage = passages.get(i);
                prompt.append("\n\n[")
                        .append(i + 1)
                        .append("] ")
                        .append(passage.documentName())
                        .append('\n')
                        .append(passage.text());
            }
            List<Citation> citations = passages.stream()
                    .map(p -> new Citation(p.documentName(), p.text(), p.score()))
                    .toList();
            return new Contribution(prompt.toString(), citations);
        } catch (RuntimeException e) {
            LOG.warn("knowledge retrieval for app {} failed; answering without it", app.appId(), e);
            return Contribution.NONE;
        }
    }
}
